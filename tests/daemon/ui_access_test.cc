// The web view's access: the session cookie stands in for the bearer header on reading
// routes only; refusals become the sign-in page (401) or an HTML refusal (403) for
// browsers, stay JSON for the API, and are audited; HTML pages carry a strict CSP.
#include <gtest/gtest.h>

#include "daemon/api/page_helpers.h"
#include "daemon/audit/sha256.h"
#include "daemon/auth/session_cookie.h"
#include "tests/support/ingest_stack.h"

namespace kpiwatch::daemon {
namespace {

const std::string kAuditorToken = "audrey; token=7a8b";  // needs encoding in a cookie
const std::string kLoaderToken = "loader-1b2c";

std::string Header(const http::Response& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "";
}

class UiAccessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(stack_.Open());
    access_ = AccessControl::WithTokens({{.name = "audrey", .sha256 = Sha256(kAuditorToken), .roles = {Role::kAuditor}},
                                         {.name = "loader", .sha256 = Sha256(kLoaderToken), .roles = {Role::kIngest}}});
  }

  http::Response Call(bool html, const std::map<std::string, std::string>& headers) {
    http::Handler handler = ProtectReading(
        access_, *stack_.audit,
        [](const http::Request&, const Principal& principal) { return HtmlResponse(200, "hello " + principal.name); },
        html);
    http::Request request = http::MakeRequest("GET", "/ui/").value();
    request.headers = headers;
    return handler(request);
  }

  testing::IngestStack stack_;  // for its store and audit log
  AccessControl access_;
};

TEST_F(UiAccessTest, TheSessionCookieAuthenticatesLikeTheBearerHeader) {
  std::string cookie = SessionCookie(kAuditorToken, false);
  EXPECT_EQ(cookie, "kpiwatch_token=audrey%3B%20token%3D7a8b; Path=/; HttpOnly; SameSite=Strict");
  // Over HTTPS the browser is told never to send it over plain HTTP.
  EXPECT_EQ(SessionCookie(kAuditorToken, true), cookie + "; Secure");
  std::string value = cookie.substr(0, cookie.find("; Path"));
  http::Response response = Call(true, {{"cookie", "theme=dark; " + value}});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "hello audrey");
  EXPECT_EQ(Call(false, {{"authorization", "Bearer " + kAuditorToken}}).status, 200);
  // A header wins over the cookie.
  EXPECT_EQ(Call(false, {{"authorization", "Bearer nope"}, {"cookie", value}}).status, 401);
  EXPECT_EQ(ClearedSessionCookie(), "kpiwatch_token=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
}

TEST_F(UiAccessTest, BrowsersGetTheSignInPageAndARefusalPageAndEveryRefusalIsAudited) {
  http::Response missing = Call(true, {});
  EXPECT_EQ(missing.status, 401);
  EXPECT_EQ(missing.content_type, "text/html; charset=utf-8");
  EXPECT_NE(missing.body.find("<form method=\"post\" action=\"/ui/login\">"), std::string::npos);
  EXPECT_EQ(Header(missing, "WWW-Authenticate"), "Bearer realm=\"kpiwatchd\"");
  http::Response unknown = Call(true, {{"cookie", "kpiwatch_token=stale"}});
  EXPECT_EQ(unknown.status, 401);
  EXPECT_NE(unknown.body.find("That token is not known"), std::string::npos);
  http::Response loader = Call(true, {{"cookie", "kpiwatch_token=" + kLoaderToken}});
  EXPECT_EQ(loader.status, 403);
  EXPECT_NE(loader.body.find("auditor, controller or steward"), std::string::npos);
  http::Response api = Call(false, {});
  EXPECT_EQ(api.status, 401);
  EXPECT_EQ(api.content_type, "application/json");
  auto denied = stack_.audit->Read(1, std::string("auth.denied"), 100);
  ASSERT_TRUE(denied.ok());
  EXPECT_EQ(denied->size(), 4u);
  EXPECT_EQ(denied->at(2).payload.at("token_name").as_string(), "loader");
}

TEST_F(UiAccessTest, HtmlPagesForbidScriptsFramingAndCaching) {
  http::Response page = HtmlResponse(200, "<p>x</p>");
  std::string policy = Header(page, "Content-Security-Policy");
  EXPECT_NE(policy.find("default-src 'none'"), std::string::npos);
  EXPECT_EQ(policy.find("script-src"), std::string::npos);
  EXPECT_NE(policy.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(Header(page, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(Header(page, "Cache-Control"), "no-store");
}

TEST(SessionCookieTest, FindsTheTokenAmongOtherCookies) {
  http::Request request = http::MakeRequest("GET", "/ui/").value();
  EXPECT_FALSE(CookieToken(request).has_value());
  request.headers["cookie"] = "a=1;kpiwatch_token=abc%2Fd ; b=2";
  EXPECT_EQ(CookieToken(request), "abc/d");
  request.headers["cookie"] = "kpiwatch_token=; other=1";
  EXPECT_FALSE(CookieToken(request).has_value());
  request.headers["cookie"] = "x_kpiwatch_token=abc";
  EXPECT_FALSE(CookieToken(request).has_value());
}

TEST(SessionCookieTest, OnlyFormPostsFromThisSiteMaySignInOrOut) {
  http::Request request = http::MakeRequest("POST", "/ui/login").value();
  request.headers["host"] = "127.0.0.1:8470";
  EXPECT_TRUE(IsSameSiteFormPost(request));  // no Origin: not a browser's cross-site form
  request.headers["origin"] = "http://127.0.0.1:8470";
  EXPECT_TRUE(IsSameSiteFormPost(request));
  request.headers["origin"] = "https://127.0.0.1:8470";  // http.tls on
  EXPECT_TRUE(IsSameSiteFormPost(request));
  request.headers["origin"] = "https://evil.example";
  EXPECT_FALSE(IsSameSiteFormPost(request));
  request.headers["origin"] = "http://evil.example";
  EXPECT_FALSE(IsSameSiteFormPost(request));
  request.headers["origin"] = "null";
  EXPECT_FALSE(IsSameSiteFormPost(request));
}

}  // namespace
}  // namespace kpiwatch::daemon
