// The indicator history as JSON (GET /v1/indicators/{id}/report?format=json):
// {"indicator", "previous_definitions", "definition_changes", "steering": {"status",
// "alerts"}, "units": [{"unit", "steering", "points", "restatements"}], "alerts",
// "alerts_total", "rule_versions", "audit": {"ok", "records", ...}, "query",
// "generated_at"} with points, restatements, indicators and alerts in the shapes of the
// other /v1 routes.
#pragma once

#include <boost/json.hpp>

#include "daemon/report/indicator_history.h"

namespace kpiwatch::daemon::report {

boost::json::object HistoryToJson(const IndicatorHistory& history);

}  // namespace kpiwatch::daemon::report
