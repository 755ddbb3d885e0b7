// Indicators as JSON (PUT/GET /v1/indicators/{id}), and the reference check shared by
// the JSON and YAML catalogue paths.
#pragma once

#include <string_view>

#include <boost/json.hpp>

#include "detectors/core/status.h"
#include "rules/domain/catalogue.h"
#include "rules/domain/indicator.h"

namespace kpiwatch {

// Every field of the indicator; optional fields that are unset are left out
// (target, layer) or empty (strings, lists).
boost::json::object IndicatorToJson(const Indicator& indicator);

// Builds an indicator from a JSON object with the same fields and rules as the YAML
// catalogue. `id_from_path` (may be empty): the id from the URL; the body's id may be
// left out, and must equal it when given. Errors list every bad field (ErrorDetail::field
// set, no line). References to other indicators are not checked here.
Result<Indicator> IndicatorFromJson(const boost::json::value& json, std::string_view id_from_path);

// Checks that numerator, denominator, counter_indicators and proxy_for name indicators
// in `catalogue` other than the indicator itself. One ErrorDetail per bad
// reference, field = the field name ("counter_indicators[1]").
Status ValidateIndicatorReferences(const Indicator& indicator, const Catalogue& catalogue);

}  // namespace kpiwatch
