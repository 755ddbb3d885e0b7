// POST /v1/observations: JSON array, NDJSON or CSV (by Content-Type or ?format=).
#include <boost/json.hpp>

#include "daemon/api/routes.h"
#include "daemon/http/responses.h"

namespace kpiwatch::daemon {
namespace {

constexpr std::size_t kRestatementsShown = 100;

Result<ParseOptions> OptionsFor(const http::Request& request) {
  ParseOptions options;
  options.format = FormatFromContentType(request.ContentType());
  if (auto format = request.query.find("format"); format != request.query.end()) {
    if (format->second == "csv") options.format = ObservationFormat::kCsv;
    else if (format->second == "json") options.format = ObservationFormat::kJson;
    else if (format->second == "ndjson") options.format = ObservationFormat::kNdjson;
    else return Status::InvalidArgument("format must be csv, json or ndjson", {{.field = "format", .reason = "got '" + format->second + "'"}});
  }
  if (auto comma = request.query.find("decimal_comma"); comma != request.query.end()) {
    options.decimal_comma = comma->second == "true" || comma->second == "1";
  }
  return options;
}

boost::json::object IngestResultToJson(const IngestResult& result) {
  boost::json::array restatements;
  for (std::size_t i = 0; i < result.restatements.size() && i < kRestatementsShown; ++i) {
    const store::Restatement& r = result.restatements[i];
    restatements.push_back({{"indicator", r.indicator}, {"unit", r.unit}, {"period", r.period.ToString()},
                            {"old_value", r.old_value}, {"new_value", r.new_value}});
  }
  return {{"batch_id", result.batch_id},
          {"received", result.received},
          {"inserted", result.inserted},
          {"unchanged", result.unchanged},
          {"restated", result.restatements.size()},
          {"restatements", std::move(restatements)}};
}

}  // namespace

void AddObservationRoutes(http::Router& router, Services& services) {
  services.metrics.Describe("kpiwatch_ingested_rows_total", "Observation rows accepted by ingest", "counter");
  services.metrics.Describe("kpiwatch_rejected_rows_total", "Observation rows rejected by ingest", "counter");
  services.metrics.Describe("kpiwatch_ingest_throttled_total", "Batches refused with 503 while rule evaluation was behind", "counter");
  services.metrics.Describe("kpiwatch_restatements_total", "Stored values replaced by a different report", "counter");
  router.Add("POST", "/v1/observations", Protect(services.access, services.audit, {Role::kIngest},
                                                 [&services](const http::Request& request, const Principal& principal) {
    if (services.scheduler.Saturated()) {
      // Back-pressure: nothing is stored, the source retries.
      http::Response busy = http::ErrorResponse(
          Status(StatusCode::kUnavailable, "rule evaluation is behind; retry this batch later"));
      busy.headers.emplace_back("Retry-After", "5");
      services.metrics.IncrementCounter("kpiwatch_ingest_throttled_total");
      return busy;
    }
    Result<ParseOptions> options = OptionsFor(request);
    if (!options.ok()) return http::ErrorResponse(options.status());
    Result<IngestResult> result =
        services.ingest.Ingest(request.body, *options, "http", principal.name);
    if (!result.ok()) {
      double rejected = static_cast<double>(std::max<std::size_t>(1, result.status().details().size()));
      services.metrics.IncrementCounter("kpiwatch_rejected_rows_total", {{"source", "http"}}, rejected);
      return http::ErrorResponse(result.status());
    }
    services.metrics.IncrementCounter("kpiwatch_ingested_rows_total", {{"source", "http"}},
                                      static_cast<double>(result->received));
    services.metrics.IncrementCounter("kpiwatch_restatements_total", {},
                                      static_cast<double>(result->restatements.size()));
    return http::JsonResponse(200, IngestResultToJson(*result));
  }));
}

}  // namespace kpiwatch::daemon
