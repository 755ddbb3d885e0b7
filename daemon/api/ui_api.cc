// The read-only web view: GET /ui/ (indicators), GET /ui/indicators/{id} (history page with
// charts and the alert filter), GET|POST /ui/login, POST /ui/logout; GET /ui redirects.
// Server-rendered HTML with inline SVG and CSS; nothing needs JavaScript.
#include <limits>
#include <map>

#include "daemon/api/page_helpers.h"
#include "daemon/api/routes.h"
#include "daemon/auth/session_cookie.h"
#include "daemon/http/responses.h"
#include "daemon/report/history_html.h"
#include "daemon/report/history_query.h"
#include "daemon/report/html_page.h"
#include "daemon/report/index_html.h"

namespace kpiwatch::daemon {
namespace {

http::Response Redirect(const std::string& location) {
  http::Response response = http::TextResponse(303, "see " + location + "\n");
  response.headers.emplace_back("Location", location);
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

http::Response ErrorPage(const Status& status) {
  return HtmlResponse(http::HttpStatusFor(status), report::MessagePage("Cannot show this page", status.ToString()));
}

http::Response IndexPage(Services& services) {
  Result<std::vector<Alert>> alerts = services.alerts.List({.limit = std::numeric_limits<std::size_t>::max()});
  if (!alerts.ok()) return ErrorPage(alerts.status());
  std::map<std::string, std::pair<std::size_t, std::size_t>> counts;  // id -> (open, total)
  for (const Alert& alert : *alerts) {
    auto& [open, total] = counts[alert.indicator];
    open += AwaitsInterpretation(alert);
    ++total;
  }
  std::vector<report::IndicatorSummary> summaries;
  for (const auto& [id, indicator] : services.catalogue.Current()->indicators()) {
    Result<std::vector<std::string>> units = services.observations.ListUnits(id);
    if (!units.ok()) return ErrorPage(units.status());
    Result<SteeringState> steering = services.alerts.Steering(id, std::nullopt);
    if (!steering.ok()) return ErrorPage(steering.status());
    summaries.push_back({.indicator = indicator,
                         .units = units->size(),
                         .steering = steering->status,
                         .open_alerts = counts[id].first,
                         .total_alerts = counts[id].second});
  }
  return HtmlResponse(200, report::RenderIndexHtml(summaries, services.clock.Now(), services.access.enabled()));
}

http::Response HistoryPage(Services& services, const http::Request& request) {
  Result<report::HistoryQuery> query = report::ParseHistoryQuery(request.query);
  if (!query.ok()) return ErrorPage(query.status());
  Result<report::IndicatorHistory> history = report::AssembleIndicatorHistory(
      HistorySourcesOf(services), request.path_params.at("id"), *query, services.clock.Now());
  if (!history.ok()) return ErrorPage(history.status());
  return HtmlResponse(200, report::RenderHistoryHtml(*history, {.web = true, .sign_out = services.access.enabled()}));
}

http::Response CrossSiteRefusal() {
  return HtmlResponse(403, report::MessagePage("Not allowed", "A form from another site may not sign in or out here."));
}

// POST /ui/login with token=... (a form): checks the token like every request (refusals are
// audited by Protect) and keeps it in the session cookie.
http::Response Login(Services& services, const http::Request& request) {
  if (!IsSameSiteFormPost(request)) return CrossSiteRefusal();
  std::map<std::string, std::string> fields;
  if (!http::ParseFormFields(request.body, &fields) || fields["token"].empty()) {
    return HtmlResponse(400, report::LoginPage("Enter a token."));
  }
  http::Request with_token = request;
  with_token.headers.erase("cookie");
  with_token.headers["authorization"] = "Bearer " + fields["token"];
  std::string token = fields["token"];
  http::Handler check = ProtectReading(
      services.access, services.audit,
      [token, secure = services.config.tls_cert_file.has_value()](const http::Request&,
                                                                  const Principal&) {
        http::Response response = Redirect("/ui/");
        response.headers.emplace_back("Set-Cookie", SessionCookie(token, secure));
        return response;
      },
      true);
  return check(with_token);
}

}  // namespace

void AddUiRoutes(http::Router& router, Services& services) {
  router.Add("GET", "/ui", [](const http::Request&) { return Redirect("/ui/"); });
  router.Add("GET", "/ui/", ProtectReading(
                                services.access, services.audit, [&services](const http::Request&, const Principal&) {
                                  return IndexPage(services);
                                },
                                true));
  router.Add("GET", "/ui/indicators/{id}",
             ProtectReading(
                 services.access, services.audit, [&services](const http::Request& request, const Principal&) {
                   return HistoryPage(services, request);
                 },
                 true));
  router.Add("GET", "/ui/login", [&services](const http::Request&) {
    if (!services.access.enabled()) return Redirect("/ui/");
    return HtmlResponse(200, report::LoginPage("Sign in with your kpiwatch token."));
  });
  router.Add("POST", "/ui/login", [&services](const http::Request& request) { return Login(services, request); });
  router.Add("POST", "/ui/logout", [](const http::Request& request) {
    if (!IsSameSiteFormPost(request)) return CrossSiteRefusal();
    http::Response response = Redirect("/ui/login");
    response.headers.emplace_back("Set-Cookie", ClearedSessionCookie());
    return response;
  });
}

}  // namespace kpiwatch::daemon
