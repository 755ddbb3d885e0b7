// Detector results and registry entries as JSON (HTTP API, `kpiwatch detect --output json`).
#pragma once

#include <boost/json.hpp>

#include "detectors/core/finding.h"
#include "detectors/core/registry.h"
#include "detectors/core/status.h"

namespace kpiwatch {

// Every field of the finding; NaN and infinite numbers become null, unset optionals
// (p_value, probability) are null, evidence is an object name -> number.
boost::json::object FindingToJson(const Finding& finding);

// Reads what FindingToJson writes: null numbers become NaN (effect, statistic, evidence)
// or unset (p_value, probability); absent fields keep their defaults. InvalidArgument
// naming each bad field (prefix + field, e.g. "finding.direction").
Result<Finding> FindingFromJson(const boost::json::value& json, const std::string& prefix = "");

// {"applicability", "reason", "findings": [...]}.
boost::json::object OutcomeToJson(const DetectorOutcome& outcome);

// {"name", "family", "summary", "null_hypothesis", "shape", "params": [{"name", "type",
// "default", "allowed", "description"}]}.
boost::json::object DetectorInfoToJson(const DetectorInfo& info);

}  // namespace kpiwatch
