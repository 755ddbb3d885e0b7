// Alerts, silences and rules as JSON: the stored form in RocksDB and the HTTP API's form.
//
// FromJson reads exactly what ToJson writes (round trip is exact, tests pin it); errors
// name the field.
#pragma once

#include <boost/json.hpp>

#include "detectors/core/status.h"
#include "rules/domain/alert.h"
#include "rules/domain/rule.h"
#include "rules/domain/silence.h"

namespace kpiwatch {

// Every field; times as "2026-11-23T17:49:28Z"; the finding as FindingToJson.
boost::json::object AlertToJson(const Alert& alert);
Result<Alert> AlertFromJson(const boost::json::value& json);

boost::json::object SilenceToJson(const Silence& silence);
Result<Silence> SilenceFromJson(const boost::json::value& json);

// A rule for listings: every field, params as an object of text values.
boost::json::object RuleToJson(const Rule& rule);

}  // namespace kpiwatch
