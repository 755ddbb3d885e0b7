#include "rules/evaluation/backtest.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "detectors/stats/robust.h"
#include "rules/evaluation/replay.h"

namespace kpiwatch {
namespace {

// At most this many series of one rule are replicated under the null; with more, an evenly
// spread subset is replayed and its count scaled up to all series.
constexpr std::size_t kMaxNullSeriesPerRule = 50;
constexpr double kDaysPerYear = 365.2425;

double YearsSpanned(const std::vector<Period>& steps) {
  auto days = (steps.back().last_day() - steps.front().first_day()).count() + 1;
  return static_cast<double>(days) / kDaysPerYear;
}

// Robust location and scale of a series: median and MAD; the sample sd when the MAD is 0.
std::pair<double, double> LocationAndScale(const std::vector<double>& values) {
  double scale = stats::Mad(values);
  if (!(scale > 0.0)) scale = std::sqrt(stats::Variance(values));
  if (!(scale > 0.0)) scale = 0.0;
  return {stats::Median(values), scale};
}

// Null observations for `series` (those of `visible`): per series iid Normal(median, MAD)
// with its periods, each period reported as one batch at its last day.
std::vector<Observation> NullObservations(std::span<const Observation> visible,
                                          const std::vector<std::pair<std::string, std::string>>& series,
                                          std::mt19937_64& rng) {
  std::vector<Observation> rows;
  std::normal_distribution<double> normal(0.0, 1.0);
  for (const auto& [indicator, unit] : series) {
    std::map<Period, const Observation*> points;
    for (const Observation& row : visible) {
      if (row.indicator == indicator && row.unit == unit) points[row.period] = &row;
    }
    std::vector<double> values;
    for (const auto& [period, row] : points) values.push_back(row->value);
    if (values.empty()) continue;
    auto [location, scale] = LocationAndScale(values);
    for (const auto& [period, row] : points) {
      Observation null_row = *row;
      null_row.value = location + scale * normal(rng);
      null_row.n.reset();
      null_row.reported_at = std::chrono::sys_seconds(period.last_day());
      rows.push_back(std::move(null_row));
    }
  }
  return rows;
}

// Mean alerts per year the rule raises on null copies of its series (see backtest.h).
double ExpectedFalseAlarmsPerYear(const Rule& rule, std::size_t rule_index, const Catalogue& catalogue,
                                  const ReplayResult& replay, const ReplayScope& scope,
                                  const BacktestOptions& options, const DetectorRegistry& registry,
                                  double years) {
  if (options.null_replicates <= 0) return std::numeric_limits<double>::quiet_NaN();
  auto covered = replay.series.find(rule.name);
  if (covered == replay.series.end() || covered->second.empty()) return 0.0;
  std::vector<std::pair<std::string, std::string>> all(covered->second.begin(), covered->second.end());
  std::vector<std::pair<std::string, std::string>> subset;
  std::size_t used = std::min(all.size(), kMaxNullSeriesPerRule);
  for (std::size_t k = 0; k < used; ++k) subset.push_back(all[k * all.size() / used]);
  double scale_up = static_cast<double>(all.size()) / static_cast<double>(used);

  RuleSet only;
  only.rules.push_back(rule);
  ReplayScope null_scope = scope;
  null_scope.silences = {};  // the null estimate is about the rule, not about who silenced it
  std::seed_seq seeds{options.seed, static_cast<std::uint64_t>(rule_index)};
  std::mt19937_64 rng(seeds);
  double alerts = 0.0;
  for (int replicate = 0; replicate < options.null_replicates; ++replicate) {
    std::vector<Observation> rows = NullObservations(replay.last_visible, subset, rng);
    Result<ReplayResult> null_replay = Replay(only, catalogue, rows, {}, {}, null_scope, registry);
    if (!null_replay.ok()) continue;  // no null point in range: nothing raised
    auto created = null_replay->created.find(rule.name);
    if (created != null_replay->created.end()) alerts += static_cast<double>(created->second);
  }
  return alerts / options.null_replicates * scale_up / years;
}

void AddPastAlerts(std::span<const Alert> past_alerts, BacktestRuleSummary& summary) {
  std::size_t false_alarms = 0;
  for (const Alert& alert : past_alerts) {
    if (alert.rule != summary.rule || !alert.interpretation) continue;
    ++summary.interpreted_before;
    if (alert.interpretation->category == InterpretationCategory::kFalseAlarm) ++false_alarms;
  }
  if (summary.interpreted_before > 0) {
    summary.false_alarm_share =
        static_cast<double>(false_alarms) / static_cast<double>(summary.interpreted_before);
  }
}

}  // namespace

Result<BacktestReport> RunBacktest(const RuleSet& rules, const Catalogue& catalogue,
                                   const BacktestHistory& history, const BacktestOptions& options,
                                   const DetectorRegistry& registry) {
  ReplayScope scope{options.from, options.to, options.indicators, history.silences, options.until};
  Result<ReplayResult> replay = Replay(rules, catalogue, history.observations, history.revisions,
                                       history.samples, scope, registry);
  if (!replay.ok()) return replay.status();
  BacktestReport report;
  report.alerts = replay->alerts;
  report.errors = replay->errors;
  double years = YearsSpanned(replay->steps);
  for (std::size_t i = 0; i < rules.rules.size(); ++i) {
    const Rule& rule = rules.rules[i];
    BacktestRuleSummary summary;
    summary.rule = rule.name;
    summary.evaluations = replay->evaluations[rule.name];
    summary.alerts = replay->created[rule.name];
    summary.silenced = replay->silenced[rule.name];
    summary.years = years;
    summary.alerts_per_year = static_cast<double>(summary.alerts) / years;
    summary.expected_false_alarms_per_year =
        ExpectedFalseAlarmsPerYear(rule, i, catalogue, *replay, scope, options, registry, years);
    AddPastAlerts(history.past_alerts, summary);
    report.rules.push_back(std::move(summary));
  }
  return report;
}

}  // namespace kpiwatch
