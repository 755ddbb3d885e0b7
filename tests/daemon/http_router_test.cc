#include "daemon/http/router.h"

#include <stdexcept>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace kpiwatch::http {
namespace {

Request Make(std::string method, std::string target) {
  Result<Request> request = MakeRequest(std::move(method), std::move(target));
  EXPECT_TRUE(request.ok()) << request.status().ToString();
  return *request;
}

std::string ErrorCode(const Response& response) {
  return std::string(boost::json::parse(response.body).at("error").at("code").as_string());
}

// Echoes the route name and its path parameters.
Handler Echo(std::string name) {
  return [name](const Request& request) {
    std::string body = name;
    for (const auto& [key, value] : request.path_params) body += " " + key + "=" + value;
    return Response{200, "text/plain", body, {}};
  };
}

class RouterTest : public ::testing::Test {
 protected:
  RouterTest() {
    router_.Add("GET", "/healthz", Echo("health"));
    router_.Add("GET", "/v1/series/{indicator}/{unit}", Echo("series"));
    router_.Add("GET", "/v1/indicators/{id}", Echo("get-indicator"));
    router_.Add("PUT", "/v1/indicators/{id}", Echo("put-indicator"));
    router_.Add("GET", "/v1/alerts/{id}", Echo("alert"));
    router_.Add("GET", "/v1/alerts/open", Echo("open-alerts"));
  }
  Router router_;
};

TEST_F(RouterTest, LiteralRoute) {
  const Response response = router_.Dispatch(Make("GET", "/healthz"));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "health");
}

TEST_F(RouterTest, CapturesArePercentDecodedAndReportThePattern) {
  std::string pattern;
  const Response response =
      router_.Dispatch(Make("GET", "/v1/series/wait%20days/district%2F3?from=2024"), &pattern);
  EXPECT_EQ(response.body, "series indicator=wait days unit=district/3");
  EXPECT_EQ(pattern, "/v1/series/{indicator}/{unit}");
}

TEST_F(RouterTest, MethodSelectsTheHandler) {
  EXPECT_EQ(router_.Dispatch(Make("PUT", "/v1/indicators/x")).body, "put-indicator id=x");
  EXPECT_EQ(router_.Dispatch(Make("GET", "/v1/indicators/x")).body, "get-indicator id=x");
}

TEST_F(RouterTest, LiteralSegmentBeatsCaptureWhateverTheOrderAdded) {
  EXPECT_EQ(router_.Dispatch(Make("GET", "/v1/alerts/open")).body, "open-alerts");
  EXPECT_EQ(router_.Dispatch(Make("GET", "/v1/alerts/17")).body, "alert id=17");
}

TEST_F(RouterTest, UnknownPathIs404JsonError) {
  std::string pattern;
  for (const char* target : {"/nope", "/v1/series/a", "/v1/series/a/b/c", "/v1/series//b",
                             "/healthz/"}) {
    const Response response = router_.Dispatch(Make("GET", target), &pattern);
    EXPECT_EQ(response.status, 404) << target;
    EXPECT_EQ(ErrorCode(response), "not_found") << target;
    EXPECT_EQ(pattern, "unmatched") << target;
  }
}

TEST_F(RouterTest, KnownPathWithOtherMethodIs405WithAllow) {
  const Response response = router_.Dispatch(Make("DELETE", "/v1/indicators/x"));
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(ErrorCode(response), "method_not_allowed");
  ASSERT_EQ(response.headers.size(), 1u);
  EXPECT_EQ(response.headers[0].first, "Allow");
  EXPECT_EQ(response.headers[0].second, "GET, PUT");
}

TEST_F(RouterTest, BadEscapeInCaptureIs400) {
  const Response response = router_.Dispatch(Make("GET", "/v1/indicators/%zz"));
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(ErrorCode(response), "invalid_argument");
}

TEST_F(RouterTest, HandlerExceptionBecomes500JsonError) {
  router_.Add("GET", "/boom", [](const Request&) -> Response {
    throw std::runtime_error("storage exploded");
  });
  const Response response = router_.Dispatch(Make("GET", "/boom"));
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(ErrorCode(response), "internal");
  EXPECT_EQ(response.body.find("storage exploded"), std::string::npos);
}

TEST_F(RouterTest, RoutesListsTheTableInOrderAndRouteLabelMatchesAnyMethod) {
  const auto routes = router_.Routes();
  ASSERT_EQ(routes.size(), 6u);
  EXPECT_EQ(routes[0], (std::pair<std::string, std::string>{"GET", "/healthz"}));
  EXPECT_EQ(routes[3], (std::pair<std::string, std::string>{"PUT", "/v1/indicators/{id}"}));
  EXPECT_EQ(router_.RouteLabel("/v1/indicators/abc"), "/v1/indicators/{id}");
  EXPECT_EQ(router_.RouteLabel("/v1/unknown"), "unmatched");
}

TEST_F(RouterTest, AddingTheSameRouteAgainReplacesIt) {
  router_.Add("GET", "/healthz", Echo("health-2"));
  EXPECT_EQ(router_.Routes().size(), 6u);
  EXPECT_EQ(router_.Dispatch(Make("GET", "/healthz")).body, "health-2");
}

TEST(HttpMessage, MakeRequestSplitsPathAndDecodesQuery) {
  const Request request = Make("GET", "/v1/x?from=2024-Q1&to=2024%2D12&name=a+b&empty&to=2025");
  EXPECT_EQ(request.path, "/v1/x");
  EXPECT_EQ(request.target, "/v1/x?from=2024-Q1&to=2024%2D12&name=a+b&empty&to=2025");
  EXPECT_EQ(request.query.at("from"), "2024-Q1");
  EXPECT_EQ(request.query.at("to"), "2025");  // last wins
  EXPECT_EQ(request.query.at("name"), "a b");
  EXPECT_EQ(request.query.at("empty"), "");
}

TEST(HttpMessage, MakeRequestRejectsBadTargets) {
  EXPECT_EQ(MakeRequest("GET", "v1/x").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(MakeRequest("GET", "/x?a=%4").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(MakeRequest("GET", "/x?a=%g0").status().code(), StatusCode::kInvalidArgument);
}

TEST(HttpMessage, ContentTypeIsTheLowerCaseMediaType) {
  Request request;
  EXPECT_EQ(request.ContentType(), "");
  request.headers["content-type"] = " Text/CSV ; charset=utf-8";
  EXPECT_EQ(request.ContentType(), "text/csv");
}

TEST(HttpMessage, BearerToken) {
  Request request;
  EXPECT_FALSE(request.BearerToken().has_value());
  request.headers["authorization"] = "bearer abc.def";
  EXPECT_EQ(request.BearerToken(), "abc.def");
  request.headers["authorization"] = "Basic dXNlcjpwdw==";
  EXPECT_FALSE(request.BearerToken().has_value());
  request.headers["authorization"] = "Bearer   ";
  EXPECT_FALSE(request.BearerToken().has_value());
}

}  // namespace
}  // namespace kpiwatch::http
