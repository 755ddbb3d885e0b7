// The rules for an indicator's fields, shared by the YAML catalogue and the JSON API.
//
// Both formats are first turned into a FieldNode tree (YAML keeps positions, JSON keeps
// types); one function then builds and checks the Indicator, so a rule for a field is
// written once. Used by catalogue_parser.cc and indicator_json.cc only.
#pragma once

#include <string>
#include <vector>

#include "detectors/core/status.h"
#include "rules/domain/indicator.h"
#include "rules/formats/field_node.h"

namespace kpiwatch {

// An indicator with the positions of its fields ("unit", "target.value",
// "counter_indicators[1]" -> {line, column}) for errors found later.
struct LocatedIndicator {
  Indicator indicator;
  FieldPositions positions;
};

// Builds an indicator from a map node, reporting every bad field into `errors`
// (file = `file_name`, positions from the nodes): missing required fields (id, name,
// definition), unknown fields with "did you mean", wrong types, bad enum values, an
// invalid id, bad periods or periods of another cadence, definition_changes not
// matching definition_version. The indicator is only meaningful when no error was added.
LocatedIndicator IndicatorFromFields(const FieldNode& node, std::string_view file_name,
                                     std::vector<ErrorDetail>& errors);

}  // namespace kpiwatch
