// RuleToJson (declared in alert_json.h): a rule for API listings.
#include "rules/formats/alert_json.h"
#include "rules/formats/field_node.h"

namespace kpiwatch {
namespace {

boost::json::value OptionalNumber(const std::optional<double>& value) {
  return value ? boost::json::value(*value) : boost::json::value(nullptr);
}

boost::json::object SelectorToJson(const RuleSelector& select) {
  boost::json::array unit_kinds;
  for (UnitKind kind : select.unit_kinds) unit_kinds.emplace_back(UnitKindName(kind));
  return {{"indicators", StringsToJson(select.indicators)},
          {"labels", StringsToJson(select.labels)},
          {"layer", select.layer ? boost::json::value(LayerName(*select.layer)) : nullptr},
          {"owner_teams", StringsToJson(select.owner_teams)},
          {"units", StringsToJson(select.units)},
          {"unit_kinds", std::move(unit_kinds)}};
}

}  // namespace

boost::json::object RuleToJson(const Rule& rule) {
  boost::json::object params;
  for (const auto& [name, value] : rule.params) params[name] = value;
  boost::json::value fdr = nullptr;
  if (rule.fdr)
    fdr = boost::json::object{{"q", rule.fdr->q}, {"scope", FdrScopeName(rule.fdr->scope)}};
  return {
      {"name", rule.name},
      {"description", rule.description},
      {"select", SelectorToJson(rule.select)},
      {"detector", rule.detector},
      {"params", std::move(params)},
      {"when", rule.when.ToString()},
      {"window", rule.window_periods ? boost::json::value(*rule.window_periods) : nullptr},
      {"thresholds", boost::json::object{{"max_p", OptionalNumber(rule.thresholds.max_p)},
                                         {"min_effect", OptionalNumber(rule.thresholds.min_effect)},
                                         {"min_points", rule.thresholds.min_points}}},
      {"severity", SeverityName(rule.severity)},
      {"notify", StringsToJson(rule.notify)},
      {"cooldown", rule.cooldown_periods},
      {"dedup_key", rule.dedup_key},
      {"questions", StringsToJson(rule.questions)},
      {"fdr", std::move(fdr)}};
}

}  // namespace kpiwatch
