#include "daemon/report/history_query.h"

namespace kpiwatch::daemon::report {
namespace {

std::optional<std::string> Value(const std::map<std::string, std::string>& query, const std::string& name) {
  auto found = query.find(name);
  if (found == query.end() || found->second.empty()) return std::nullopt;
  return found->second;
}

}  // namespace

Result<HistoryQuery> ParseHistoryQuery(const std::map<std::string, std::string>& query) {
  HistoryQuery parsed;
  std::vector<ErrorDetail> errors;
  parsed.unit = Value(query, "unit");
  for (const char* name : {"from", "to"}) {
    std::optional<std::string> text = Value(query, name);
    if (!text) continue;
    Result<Period> period = Period::Parse(*text);
    if (!period.ok()) {
      errors.push_back({.field = name, .reason = period.status().message()});
      continue;
    }
    (std::string(name) == "from" ? parsed.from : parsed.to) = *period;
  }
  if (parsed.from && parsed.to && parsed.from->cadence() == parsed.to->cadence() && *parsed.to < *parsed.from) {
    errors.push_back({.field = "to", .reason = "must not be before from"});
  }
  if (std::optional<std::string> status = Value(query, "status")) {
    Result<AlertStatus> value = ParseAlertStatus(*status);
    if (value.ok()) parsed.alerts.status = *value;
    else errors.push_back({.field = "status", .reason = value.status().message()});
  }
  if (std::optional<std::string> severity = Value(query, "severity")) {
    Result<Severity> value = ParseSeverity(*severity);
    if (value.ok()) parsed.alerts.min_severity = *value;
    else errors.push_back({.field = "severity", .reason = value.status().message()});
  }
  parsed.alerts.rule = Value(query, "rule");
  if (!errors.empty()) return Status::InvalidArgument("bad report query", std::move(errors));
  return parsed;
}

}  // namespace kpiwatch::daemon::report
