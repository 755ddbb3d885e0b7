#include "daemon/api/page_helpers.h"

#include "daemon/auth/session_cookie.h"
#include "daemon/http/responses.h"
#include "daemon/report/html_page.h"

namespace kpiwatch::daemon {

const std::vector<Role>& ReaderRoles() {
  static const std::vector<Role> kReaders = {Role::kAuditor, Role::kController, Role::kSteward};
  return kReaders;
}

http::Handler ProtectReading(const AccessControl& access, AuditLog& audit, ProtectedHandler handler,
                             bool html_refusals) {
  http::Handler inner = Protect(access, audit, ReaderRoles(), std::move(handler));
  return [inner = std::move(inner), html_refusals](const http::Request& request) {
    http::Request with_token = WithCookieBearer(request);
    bool sent_a_token = with_token.BearerToken().has_value();
    http::Response response = inner(with_token);
    if (!html_refusals || (response.status != 401 && response.status != 403)) return response;
    http::Response page =
        response.status == 401
            ? HtmlResponse(401, report::LoginPage(sent_a_token ? "That token is not known: sign in again."
                                                              : "Sign in with your kpiwatch token."))
            : HtmlResponse(403, report::MessagePage("Not allowed",
                                                    "This token may not read the indicator pages; they need "
                                                    "the role auditor, controller or steward."));
    for (const auto& header : response.headers) page.headers.push_back(header);
    return page;
  };
}

http::Response HtmlResponse(int status, std::string html) {
  http::Response response = http::TextResponse(status, std::move(html), "text/html; charset=utf-8");
  response.headers.emplace_back("Content-Security-Policy",
                                "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                                "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

report::HistorySources HistorySourcesOf(const Services& services) {
  return {services.catalogue, services.observations, services.alerts, services.rules, services.audit};
}

}  // namespace kpiwatch::daemon
