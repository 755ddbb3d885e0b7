// The indicator catalogue in YAML, and rendering of positioned errors with their source.
//
// A catalogue file has a top-level `indicators:` list; each entry has the fields of
// Indicator (see docs/formats.md for the reference and an example). Parsing reports
// every error at once, each as an ErrorDetail with file, 1-based line and column, and
// the field, so a steward sees all problems of a file in one run.
#pragma once

#include <string>
#include <string_view>

#include "detectors/core/status.h"
#include "rules/domain/catalogue.h"

namespace kpiwatch {

// Parses and validates a catalogue. Errors (InvalidArgument with details): YAML syntax
// (position from yaml-cpp), a missing required field (id, name, definition), an unknown
// field (with "did you mean"), a wrong type, a bad enum value (listing the allowed ones),
// an invalid or duplicate id, a bad period, definition_changes not matching
// definition_version, and references (numerator, denominator, counter_indicators,
// proxy_for) to undeclared indicators.
Result<Catalogue> ParseCatalogueYaml(std::string_view text, std::string_view file_name);

// The status message, then for each detail "file:line:column: field: reason", the
// offending line of `source_text` as it is and a caret under the column (the line and
// caret only when the position is known), as ninja does. Example:
//   invalid catalogue: 1 error
//   catalogue.yaml:4:11: unit: unknown unit 'euro' (allowed: count, percent, ...)
//       unit: euro
//             ^
std::string RenderErrorsWithSource(const Status& status, std::string_view source_text);

}  // namespace kpiwatch
