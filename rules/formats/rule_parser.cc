#include "rules/formats/rule_parser.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

#include "rules/formats/rule_fields.h"
#include "rules/formats/yaml_fields.h"

namespace kpiwatch {
namespace {

const FieldNode& At(const FieldNode* node, const FieldNode& fallback) {
  return node != nullptr ? *node : fallback;
}

ErrorDetail DetailAt(std::string_view file_name, const FieldNode& node, std::string field,
                     std::string reason) {
  return {std::string(file_name), node.line, node.column, std::move(field), std::move(reason)};
}

// Where an error about parameter `name` points: the key of an unknown parameter, the value
// of a bad one; the rule itself when the parameter is not in the file.
std::pair<int, int> ParamPosition(const LocatedRule& located, const std::string& name,
                                  bool unknown) {
  if (located.params != nullptr) {
    for (const auto& [key, value] : located.params->entries) {
      if (key != name) continue;
      if (unknown) return {value.key_line, value.key_column};
      return {value.line, value.column};
    }
  }
  return {located.node->line, located.node->column};
}

// Looks the detector up and validates the parameters; errors at the offending nodes.
const DetectorInfo* CheckDetector(const LocatedRule& located, const std::string& prefix,
                                  std::string_view file_name, const DetectorRegistry& registry,
                                  std::vector<ErrorDetail>& errors) {
  const Rule& rule = located.rule;
  if (located.detector == nullptr) return nullptr;
  Result<const DetectorInfo*> info = registry.Lookup(rule.detector);
  if (!info.ok()) {
    errors.push_back(
        DetailAt(file_name, *located.detector, prefix + ".detector", info.status().message()));
    return nullptr;
  }
  Result<ParamValues> values = ValidateParams(rule.detector, (*info)->params, rule.params);
  for (const ErrorDetail& detail : values.status().details()) {
    const std::vector<ParamSpec>& specs = (*info)->params;
    bool unknown = std::none_of(specs.begin(), specs.end(),
                                [&](const ParamSpec& spec) { return spec.name == detail.field; });
    auto [line, column] = ParamPosition(located, detail.field, unknown);
    errors.push_back(
        {std::string(file_name), line, column, prefix + ".params." + detail.field, detail.reason});
  }
  return *info;
}

void AddWarnings(const LocatedRule& located, const std::string& prefix,
                 const DetectorInfo* detector, std::string_view file_name,
                 const Catalogue* catalogue, std::vector<ErrorDetail>& warnings) {
  const Rule& rule = located.rule;
  if (catalogue != nullptr &&
      std::none_of(catalogue->indicators().begin(), catalogue->indicators().end(),
                   [&](const auto& entry) { return rule.select.MatchesIndicator(entry.second); })) {
    warnings.push_back(DetailAt(file_name, At(located.select, *located.node), prefix + ".select",
                                "selects no declared indicator (of " +
                                    std::to_string(catalogue->size()) + "); the rule never runs"));
  }
  if (detector == nullptr) return;
  bool clock = detector->shape == InputShape::kClock;
  bool daily = rule.when.kind == RuleSchedule::Kind::kDaily;
  const FieldNode& at = At(located.when, *located.node);
  if (daily && !clock) {
    warnings.push_back(DetailAt(
        file_name, at, prefix + ".when",
        "detector '" + rule.detector +
            "' is not clock-based (input: " + InputShapeName(detector->shape) +
            "): a daily schedule re-runs it on unchanged data; on_ingest runs it on new data"));
  } else if (!daily && clock) {
    warnings.push_back(DetailAt(
        file_name, at, prefix + ".when",
        "detector '" + rule.detector +
            "' is clock-based: on_ingest only runs it when data arrives, so it cannot notice "
            "data that stopped arriving; use a daily schedule, e.g. daily 06:00"));
  }
}

}  // namespace

Result<ParsedRules> ParseRulesYaml(std::string_view text, std::string_view file_name,
                                   const DetectorRegistry& registry, const Catalogue* catalogue) {
  std::vector<ErrorDetail> errors;
  std::optional<FieldNode> root = ParseYamlFields(text, file_name, errors);
  if (!root) return InvalidDocument("rules", std::move(errors));
  const FieldNode* list = TopLevelList(*root, "rules", "rules", file_name, errors);
  ParsedRules parsed;
  std::map<std::string, int> first_line;  // name -> line of its first definition
  for (std::size_t i = 0; list != nullptr && i < list->items.size(); ++i) {
    const std::string prefix = "rules[" + std::to_string(i) + "]";
    LocatedRule located = RuleFromFields(list->items[i], prefix, file_name, errors);
    if (located.node->kind != FieldNode::Kind::kMap) continue;
    const std::string& name = located.rule.name;
    if (!name.empty()) {
      auto [first, inserted] = first_line.try_emplace(name, located.name->line);
      if (!inserted) {
        errors.push_back(DetailAt(file_name, *located.name, prefix + ".name",
                                  "duplicate rule name '" + name + "' (first defined on line " +
                                      std::to_string(first->second) + ")"));
      }
    }
    const DetectorInfo* detector = CheckDetector(located, prefix, file_name, registry, errors);
    AddWarnings(located, prefix, detector, file_name, catalogue, parsed.warnings);
    parsed.rules.rules.push_back(std::move(located.rule));
  }
  if (!errors.empty()) return InvalidDocument("rules", std::move(errors));
  std::stable_sort(parsed.warnings.begin(), parsed.warnings.end(),
                   [](const ErrorDetail& a, const ErrorDetail& b) {
                     return std::tie(a.line, a.column) < std::tie(b.line, b.column);
                   });
  return parsed;
}

}  // namespace kpiwatch
