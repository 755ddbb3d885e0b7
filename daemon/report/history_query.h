// Reading a HistoryQuery from the query parameters of the report and web routes:
// unit, from, to (periods), status, severity (the minimum), rule. Empty values mean "any"
// (what a plain HTML form sends for an unset field).
#pragma once

#include <map>
#include <string>

#include "daemon/report/indicator_history.h"

namespace kpiwatch::daemon::report {

// InvalidArgument "bad report query" with one detail per bad parameter.
Result<HistoryQuery> ParseHistoryQuery(const std::map<std::string, std::string>& query);

}  // namespace kpiwatch::daemon::report
