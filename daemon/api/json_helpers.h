// Small JSON helpers shared by the API handlers.
#pragma once

#include <boost/json.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "daemon/http/message.h"
#include "daemon/store/observation_store.h"

namespace kpiwatch::daemon {

// "2026-11-23T17:49:28Z" for unix seconds (rules/formats/timestamp.h).
std::string UnixTimestamp(std::int64_t unix_seconds);
// A stored point as {"period", "value", "n", "reported_at", "source"}.
boost::json::object PointToJson(const Period& period, const store::StoredPoint& point);
// A revision as {"unit", "period", "old_value", "new_value", ...}.
boost::json::object RevisionToJson(const store::RevisionRecord& record);
// Parses the request body as JSON; kInvalidArgument with the parser's position on error.
Result<boost::json::value> ParseJsonBody(const http::Request& request);
// Parses an optional period query parameter ("from", "to").
Result<std::optional<Period>> PeriodQuery(const http::Request& request, const std::string& name);

}  // namespace kpiwatch::daemon
