// RulesToYaml (declared in rule_parser.h): the writing half of the rules format.
#include <yaml-cpp/yaml.h>

#include <charconv>

#include "rules/formats/rule_parser.h"

namespace kpiwatch {
namespace {

// The shortest text that reads back to the same double.
std::string ExactNumber(double value) {
  char text[32];
  auto [end, error] = std::to_chars(text, text + sizeof text, value);
  return error == std::errc() ? std::string(text, end) : std::string("nan");
}

void FlowList(YAML::Emitter& out, const char* key, const std::vector<std::string>& items) {
  if (items.empty()) return;
  out << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (const std::string& item : items) out << item;
  out << YAML::EndSeq;
}

void WriteSelector(YAML::Emitter& out, const RuleSelector& select) {
  if (select == RuleSelector{}) return;
  out << YAML::Key << "select" << YAML::Value << YAML::BeginMap;
  FlowList(out, "indicators", select.indicators);
  FlowList(out, "labels", select.labels);
  if (select.layer) out << YAML::Key << "layer" << YAML::Value << LayerName(*select.layer);
  FlowList(out, "owner_teams", select.owner_teams);
  FlowList(out, "units", select.units);
  std::vector<std::string> kinds;
  for (UnitKind kind : select.unit_kinds) kinds.push_back(UnitKindName(kind));
  FlowList(out, "unit_kinds", kinds);
  out << YAML::EndMap;
}

void WriteThresholds(YAML::Emitter& out, const RuleThresholds& thresholds) {
  if (thresholds == DefaultThresholds()) return;
  out << YAML::Key << "thresholds" << YAML::Value << YAML::Flow << YAML::BeginMap;
  if (thresholds.max_p)
    out << YAML::Key << "max_p" << YAML::Value << ExactNumber(*thresholds.max_p);
  if (thresholds.min_effect) {
    out << YAML::Key << "min_effect" << YAML::Value << ExactNumber(*thresholds.min_effect);
  }
  if (thresholds.min_points != 0)
    out << YAML::Key << "min_points" << YAML::Value << thresholds.min_points;
  out << YAML::EndMap;
}

void WriteRule(YAML::Emitter& out, const Rule& rule) {
  const Rule defaults;
  out << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << rule.name;
  if (!rule.description.empty())
    out << YAML::Key << "description" << YAML::Value << rule.description;
  WriteSelector(out, rule.select);
  out << YAML::Key << "detector" << YAML::Value << rule.detector;
  if (!rule.params.empty()) {
    out << YAML::Key << "params" << YAML::Value << YAML::Flow << YAML::BeginMap;
    for (const auto& [name, value] : rule.params) out << YAML::Key << name << YAML::Value << value;
    out << YAML::EndMap;
  }
  out << YAML::Key << "when" << YAML::Value << rule.when.ToString();
  if (rule.window_periods) out << YAML::Key << "window" << YAML::Value << *rule.window_periods;
  WriteThresholds(out, rule.thresholds);
  out << YAML::Key << "severity" << YAML::Value << SeverityName(rule.severity);
  FlowList(out, "notify", rule.notify);
  if (rule.cooldown_periods != 0)
    out << YAML::Key << "cooldown" << YAML::Value << rule.cooldown_periods;
  if (rule.dedup_key != defaults.dedup_key) {
    out << YAML::Key << "dedup_key" << YAML::Value << YAML::DoubleQuoted << rule.dedup_key;
  }
  if (!rule.questions.empty()) {
    out << YAML::Key << "questions" << YAML::Value << YAML::BeginSeq;
    for (const std::string& question : rule.questions) out << question;
    out << YAML::EndSeq;
  }
  if (rule.fdr) {
    out << YAML::Key << "fdr" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "q"
        << YAML::Value << ExactNumber(rule.fdr->q) << YAML::Key << "scope" << YAML::Value
        << FdrScopeName(rule.fdr->scope) << YAML::EndMap;
  }
  out << YAML::EndMap;
}

}  // namespace

std::string RulesToYaml(const RuleSet& rules) {
  YAML::Emitter out;
  out << YAML::BeginMap << YAML::Key << "rules" << YAML::Value;
  if (rules.rules.empty()) out << YAML::Flow;
  out << YAML::BeginSeq;
  for (const Rule& rule : rules.rules) WriteRule(out, rule);
  out << YAML::EndSeq << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace kpiwatch
