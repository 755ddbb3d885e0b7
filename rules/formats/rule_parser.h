// Rule sets in YAML: parsing and validation with every error at once.
//
// A rules file has a top-level `rules:` list (docs/rules.md is the reference). Each error
// is an ErrorDetail with file, 1-based line and column, the field ("rules[2].params.
// penalty") and a reason that says what is wrong and what is allowed: unknown field (did
// you mean), unknown detector (did you mean, and the list), unknown or badly typed or
// out-of-range parameter (checked with the registry's ValidateParams), bad severity,
// schedule, window, cooldown, threshold, FDR setting or dedup-key placeholder, bad or
// duplicate rule name, wrong types, YAML syntax. The status message is "invalid rules: N
// errors"; render them with RenderErrorsWithSource (catalogue_parser.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "detectors/core/registry.h"
#include "detectors/core/status.h"
#include "rules/domain/catalogue.h"
#include "rules/domain/rule.h"

namespace kpiwatch {

struct ParsedRules {
  RuleSet rules;
  // Not errors, but worth a look: a selector that matches no declared indicator, a
  // schedule on a detector that is not clock-based, ... Same shape as errors.
  std::vector<ErrorDetail> warnings;
};

// Parses and validates. `catalogue` may be null (then selectors are not checked).
Result<ParsedRules> ParseRulesYaml(std::string_view text, std::string_view file_name,
                                   const DetectorRegistry& registry, const Catalogue* catalogue);

// A rule set as YAML that ParseRulesYaml reads back to the same rules (for storing rule-set
// versions and for `GET /v1/rules` as YAML).
std::string RulesToYaml(const RuleSet& rules);

}  // namespace kpiwatch
