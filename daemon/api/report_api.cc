// GET /v1/indicators/{id}/report?format=html|csv|json&unit=&from=&to=&locale=&status=&severity=&rule=
#include "daemon/api/page_helpers.h"
#include "daemon/api/routes.h"
#include "daemon/http/responses.h"
#include "daemon/report/history_csv.h"
#include "daemon/report/history_html.h"
#include "daemon/report/history_json.h"
#include "daemon/report/history_query.h"

namespace kpiwatch::daemon {
namespace {

std::string QueryValue(const http::Request& request, const std::string& name, const std::string& fallback) {
  auto found = request.query.find(name);
  return found == request.query.end() || found->second.empty() ? fallback : found->second;
}

http::Response Report(Services& services, const http::Request& request) {
  const std::string& id = request.path_params.at("id");
  std::string format = QueryValue(request, "format", "html");
  if (format != "html" && format != "csv" && format != "json") {
    return http::ErrorResponse(Status::InvalidArgument(
        "unknown report format '" + format + "'", {{.field = "format", .reason = "must be html, csv or json"}}));
  }
  Result<report::CsvLocale> locale = report::ParseCsvLocale(QueryValue(request, "locale", "en"));
  if (!locale.ok()) return http::ErrorResponse(locale.status());
  Result<report::HistoryQuery> query = report::ParseHistoryQuery(request.query);
  if (!query.ok()) return http::ErrorResponse(query.status());
  Result<report::IndicatorHistory> history =
      report::AssembleIndicatorHistory(HistorySourcesOf(services), id, *query, services.clock.Now());
  if (!history.ok()) return http::ErrorResponse(history.status());
  if (format == "json") return http::JsonResponse(200, report::HistoryToJson(*history));
  if (format == "csv") {
    http::Response response = http::TextResponse(200, report::RenderHistoryCsv(*history, *locale),
                                                 "text/csv; charset=utf-8");
    response.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + id + "-history.csv\"");
    return response;
  }
  return HtmlResponse(200, report::RenderHistoryHtml(*history));
}

}  // namespace

void AddReportRoutes(http::Router& router, Services& services) {
  router.Add("GET", "/v1/indicators/{id}/report",
             ProtectReading(
                 services.access, services.audit, [&services](const http::Request& request, const Principal&) {
                   return Report(services, request);
                 },
                 false));
}

}  // namespace kpiwatch::daemon
