// YAML documents as FieldNode trees with 1-based positions, shared by the catalogue and
// rule-set parsers.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "detectors/core/status.h"
#include "rules/formats/field_node.h"

namespace kpiwatch {

// Parses `text` (yaml-cpp) into a tree whose nodes carry 1-based line/column (map entries
// also their key's). Text that is not UTF-8 or holds a control character YAML forbids, or a syntax error, adds one ErrorDetail at
// its position and returns nullopt.
std::optional<FieldNode> ParseYamlFields(std::string_view text, std::string_view file_name,
                                         std::vector<ErrorDetail>& errors);

// The document's top-level list under `key` (e.g. "indicators"), or nullptr with an error:
// the document is not a map, has another top-level key, lacks `key`, or `key` is not a
// list (`what_items` names the items: "must be a list of <what_items>").
const FieldNode* TopLevelList(const FieldNode& root, std::string_view key,
                              std::string_view what_items, std::string_view file_name,
                              std::vector<ErrorDetail>& errors);

// InvalidArgument "invalid <what>: N error(s)" with the details sorted by position (stable).
Status InvalidDocument(std::string_view what, std::vector<ErrorDetail> errors);

}  // namespace kpiwatch
