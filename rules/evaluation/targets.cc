// Which (rule, series) pairs an ingest batch or a schedule tick evaluates.
#include <set>
#include <tuple>

#include "rules/evaluation/evaluator.h"

namespace kpiwatch {
namespace {

bool IsCrossSection(const Rule& rule, const DetectorRegistry& registry) {
  const DetectorInfo* info = registry.Find(rule.detector);
  return info != nullptr && info->shape == InputShape::kCrossSection;
}

// One target per (rule, selected series) for the rules `runs` accepts, in rule order, then
// series order; cross-section detectors get one target per indicator.
template <typename Runs>
std::vector<EvaluationTarget> SelectTargets(const RuleSet& rules, const Catalogue& catalogue,
                                            std::span<const TouchedSeries> series,
                                            const DetectorRegistry& registry, Runs runs) {
  std::vector<EvaluationTarget> targets;
  for (const Rule& rule : rules.rules) {
    if (!runs(rule)) continue;
    bool cross_section = IsCrossSection(rule, registry);
    std::set<std::pair<std::string, std::string>> seen;
    for (const TouchedSeries& touched : series) {
      const Indicator* indicator = catalogue.Find(touched.indicator);
      if (indicator == nullptr || !rule.select.MatchesIndicator(*indicator)) continue;
      if (!rule.select.MatchesUnit(touched.unit)) continue;
      std::string unit = cross_section ? "" : touched.unit;
      if (!seen.insert({touched.indicator, unit}).second) continue;
      targets.push_back({&rule, touched.indicator, std::move(unit)});
    }
  }
  return targets;
}

}  // namespace

std::vector<EvaluationTarget> TargetsForIngest(const RuleSet& rules, const Catalogue& catalogue,
                                               std::span<const TouchedSeries> touched,
                                               const DetectorRegistry& registry) {
  return SelectTargets(rules, catalogue, touched, registry, [](const Rule& rule) {
    return rule.when.kind == RuleSchedule::Kind::kOnIngest;
  });
}

std::vector<EvaluationTarget> TargetsForIngest(const RuleSet& rules, const Catalogue& catalogue,
                                               std::span<const TouchedSeries> touched) {
  return TargetsForIngest(rules, catalogue, touched, DetectorRegistry::Builtin());
}

std::vector<EvaluationTarget> TargetsForSchedule(const RuleSet& rules, const Catalogue& catalogue,
                                                 std::span<const TouchedSeries> series,
                                                 int minute_of_day,
                                                 const DetectorRegistry& registry) {
  return SelectTargets(rules, catalogue, series, registry, [&](const Rule& rule) {
    return rule.when.kind == RuleSchedule::Kind::kDaily && rule.when.minute_of_day == minute_of_day;
  });
}

std::vector<EvaluationTarget> TargetsForSchedule(const RuleSet& rules, const Catalogue& catalogue,
                                                 std::span<const TouchedSeries> series,
                                                 int minute_of_day) {
  return TargetsForSchedule(rules, catalogue, series, minute_of_day, DetectorRegistry::Builtin());
}

}  // namespace kpiwatch
