// One rule read from its YAML map: the checks that need nothing but the rule itself.
//
// Used by rule_parser.cc only. The parser adds what needs more context: duplicate names,
// the detector and its parameters (registry), and warnings (catalogue, input shape).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "detectors/core/status.h"
#include "rules/domain/rule.h"
#include "rules/formats/field_node.h"

namespace kpiwatch {

// A rule with the nodes it was read from (pointers into the caller's tree; null when the
// field is absent), for errors and warnings found later.
struct LocatedRule {
  Rule rule;
  const FieldNode* node = nullptr;  // the rule's map
  const FieldNode* name = nullptr;
  const FieldNode* detector = nullptr;
  const FieldNode* params = nullptr;  // a map when present and valid
  const FieldNode* select = nullptr;
  const FieldNode* when = nullptr;
};

// The fields a rule may have, in the order RulesToYaml writes them.
const std::vector<std::string>& RuleFieldNames();

// Builds a rule from `node`, reporting every bad field into `errors` with field names
// under `prefix` ("rules[2]" -> "rules[2].severity"): not a map, missing name or detector,
// unknown fields (did you mean), wrong types, bad names, schedules, windows, thresholds,
// severities, cooldowns, dedup-key placeholders and FDR settings. Thresholds: DefaultThresholds()
// when the rule has no `thresholds:`, else exactly the given ones.
LocatedRule RuleFromFields(const FieldNode& node, const std::string& prefix,
                           std::string_view file_name, std::vector<ErrorDetail>& errors);

}  // namespace kpiwatch
