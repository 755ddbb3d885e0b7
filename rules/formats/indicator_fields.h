// The rules for an indicator's fields, shared by the YAML catalogue and the JSON API.
//
// Both formats are first turned into a FieldNode tree (YAML keeps positions, JSON keeps
// types); one function then builds and checks the Indicator, so a rule for a field is
// written once. Used by catalogue_parser.cc and indicator_json.cc only.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "detectors/core/status.h"
#include "rules/domain/indicator.h"

namespace kpiwatch {

// A format-neutral document node.
struct FieldNode {
  enum class Kind {
    kNull,    // absent value: JSON null, YAML ~ or empty
    kScalar,  // untyped YAML scalar: may be read as text or as a number
    kText,    // JSON string
    kNumber,  // JSON number
    kBool,    // JSON true/false
    kList,
    kMap,
  };
  Kind kind = Kind::kNull;
  std::string text;  // kScalar, kText; kNumber and kBool as written
  double number = 0.0;  // kNumber
  std::vector<FieldNode> items;                           // kList
  std::vector<std::pair<std::string, FieldNode>> entries;  // kMap, in document order
  int line = 0;        // 1-based position of the value; 0 when unknown (JSON)
  int column = 0;
  int key_line = 0;    // kMap entries: position of the key (for "unknown field")
  int key_column = 0;
};

// An indicator with the positions of its fields ("unit", "target.value",
// "counter_indicators[1]" -> {line, column}) for errors found later.
struct LocatedIndicator {
  Indicator indicator;
  std::map<std::string, std::pair<int, int>> positions;
};

// Builds an indicator from a map node, reporting every bad field into `errors`
// (file = `file_name`, positions from the nodes): missing required fields (id, name,
// definition), unknown fields with "did you mean", wrong types, bad enum values, an
// invalid id, bad periods or periods of another cadence, definition_changes not
// matching definition_version. The indicator is only meaningful when no error was added.
LocatedIndicator IndicatorFromFields(const FieldNode& node, std::string_view file_name,
                                     std::vector<ErrorDetail>& errors);

}  // namespace kpiwatch
