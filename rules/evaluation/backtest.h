// Backtest: replay stored history in time order as if the rules had been live.
//
// No look-ahead: the replay steps through the periods in time order; at the step for
// period t every series is cut at t, and each point carries the value that was current
// when the last point up to t was reported (a restatement reported later is undone with
// the revision's old value). At each step the series that have a point at t are
// evaluated, exactly as an ingest batch of that period would be (EvaluateRound, then
// DecideAlert/NewAlert/WithNewEvidence), so a backtest over data that was ingested period
// by period reproduces the alerts live evaluation raised. Nothing is stored.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "detectors/core/registry.h"
#include "rules/domain/alert.h"
#include "rules/domain/catalogue.h"
#include "rules/domain/observation.h"
#include "rules/domain/rule.h"
#include "rules/domain/sample.h"

namespace kpiwatch {

struct BacktestOptions {
  std::optional<Period> from;           // first step evaluated (earlier data is still visible)
  std::optional<Period> to;             // last step; unset = the latest period
  std::vector<std::string> indicators;  // ids or globs; empty = all
  // Expected false alarms per year under the null: per evaluated series this many seeded
  // iid Normal series with its robust location and scale (median, MAD) and its length are
  // replayed through the same rule; 0 switches the Monte Carlo off.
  int null_replicates = 5;
  std::uint64_t seed = 1;
};

struct BacktestHistory {
  std::span<const Observation> observations;  // current values with reported_at
  std::span<const Revision> revisions;        // every restatement, with revised_at
  std::span<const Sample> samples;
  std::span<const Alert> past_alerts;         // stored alerts, for the false_alarm share
};

// An alert the replay raised (or a later update of it).
struct BacktestAlert {
  std::string rule;
  std::string indicator;
  std::string unit;
  Period step;         // the period at which it would have fired
  bool created = true; // false: evidence update of an alert raised earlier in the replay
  Finding finding;
};

struct BacktestRuleSummary {
  std::string rule;
  std::size_t evaluations = 0;
  std::size_t alerts = 0;           // created alerts
  double years = 0.0;               // span of the replayed steps, in years
  double alerts_per_year = 0.0;
  // Monte Carlo mean of alerts per year on null series (NaN when null_replicates = 0).
  double expected_false_alarms_per_year = 0.0;
  std::size_t interpreted_before = 0;  // past alerts of this rule with an interpretation
  // Share of those interpreted as false_alarm; nullopt when none was interpreted.
  std::optional<double> false_alarm_share;
};

struct BacktestReport {
  std::vector<BacktestAlert> alerts;        // in replay order
  std::vector<BacktestRuleSummary> rules;   // one per rule, in rule order
  std::vector<std::string> errors;          // evaluation errors, as in RoundResult
};

// Errors: InvalidArgument when from > to or no observation falls in the range.
Result<BacktestReport> RunBacktest(const RuleSet& rules, const Catalogue& catalogue,
                                   const BacktestHistory& history, const BacktestOptions& options,
                                   const DetectorRegistry& registry);

}  // namespace kpiwatch
