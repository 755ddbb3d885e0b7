#include "daemon/api/json_helpers.h"

#include "rules/formats/timestamp.h"

namespace kpiwatch::daemon {

std::string UnixTimestamp(std::int64_t unix_seconds) {
  return FormatTimestamp(std::chrono::sys_seconds{std::chrono::seconds(unix_seconds)});
}

boost::json::object PointToJson(const Period& period, const store::StoredPoint& point) {
  boost::json::object json;
  json["period"] = period.ToString();
  json["value"] = point.value;
  json["n"] = point.n ? boost::json::value(*point.n) : boost::json::value(nullptr);
  json["reported_at"] = UnixTimestamp(point.reported_at);
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
  json["old_reported_at"] = UnixTimestamp(revision.replaced.reported_at);
  json["replaced_at"] = UnixTimestamp(revision.replaced_at);
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
