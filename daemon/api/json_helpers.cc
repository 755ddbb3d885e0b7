#include "daemon/api/json_helpers.h"

#include <cstdio>

namespace kpiwatch::daemon {

std::string FormatTimestamp(std::int64_t unix_seconds) {
  std::chrono::sys_seconds time{std::chrono::seconds(unix_seconds)};
  auto day = std::chrono::floor<std::chrono::days>(time);
  std::chrono::year_month_day date{day};
  std::chrono::hh_mm_ss clock{time - day};
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()));
  return buffer;
}

boost::json::object PointToJson(const Period& period, const store::StoredPoint& point) {
  boost::json::object json;
  json["period"] = period.ToString();
  json["value"] = point.value;
  json["n"] = point.n ? boost::json::value(*point.n) : boost::json::value(nullptr);
  json["reported_at"] = FormatTimestamp(point.reported_at);
  json["source"] = point.source;
  json["batch"] = point.batch;
  return json;
}

boost::json::object RevisionToJson(const store::RevisionRecord& record) {
  const store::StoredRevision& revision = record.revision;
  boost::json::object json;
  json["unit"] = record.unit;
  json["period"] = record.period.ToString();
  json["old_value"] = revision.replaced.value;
  json["new_value"] = revision.new_value;
  json["old_reported_at"] = FormatTimestamp(revision.replaced.reported_at);
  json["replaced_at"] = FormatTimestamp(revision.replaced_at);
  json["old_source"] = revision.replaced.source;
  json["batch"] = revision.batch;
  return json;
}

Result<boost::json::value> ParseJsonBody(const http::Request& request) {
  boost::system::error_code error;
  boost::json::value value = boost::json::parse(request.body, error);
  if (error) {
    return Status::InvalidArgument("request body is not valid JSON: " + error.message(),
                                   {{.field = "body", .reason = error.message()}});
  }
  return value;
}

Result<std::optional<Period>> PeriodQuery(const http::Request& request, const std::string& name) {
  auto found = request.query.find(name);
  if (found == request.query.end() || found->second.empty()) return std::optional<Period>();
  Result<Period> period = Period::Parse(found->second);
  if (!period.ok()) {
    return Status::InvalidArgument("bad query parameter '" + name + "'",
                                   {{.field = name, .reason = period.status().message()}});
  }
  return std::optional<Period>(*period);
}

}  // namespace kpiwatch::daemon
