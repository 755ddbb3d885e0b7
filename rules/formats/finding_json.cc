#include "rules/formats/finding_json.h"

namespace kpiwatch {

boost::json::object FindingToJson(const Finding&) { return {}; }
boost::json::object OutcomeToJson(const DetectorOutcome&) { return {}; }
boost::json::object DetectorInfoToJson(const DetectorInfo&) { return {}; }

}  // namespace kpiwatch
