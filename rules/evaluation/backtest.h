// Backtest: replay stored history in time order as if the rules had been live.
//
// No look-ahead: the replay steps through the periods in time order (by last day). The
// points of period t arrived in one or more ingest batches, one per distinct time their
// points were first reported; each batch is replayed as one evaluation round at its time
// T, seeing exactly what was stored at T with the series cut at t: the points of periods
// up to t first reported by T, each with the value current at T (a restatement reported
// after T is undone with the revision's old value), the revisions made by T, and as_of T.
// A point reported late is invisible until its time; a point of period t-k reported with
// the batch of t is evaluated at step t-k with that batch's knowledge. The series
// evaluated are those of the batch, exactly as live ingest of that batch would
// (TargetsForIngest: on_ingest rules), then EvaluateRound and
// DecideAlert/NewAlert/WithNewEvidence. Daily rules ("daily HH:MM") tick as the scheduler
// does: on every day from the first replayed batch to `until` (within from..to), at their
// minute, one round over every selected series seeing what was reported by then
// (TargetsForSchedule, as_of the tick); a tick falls before the batches reported after it.
// Their alerts have the day of the tick as their step. So a backtest over data that was
// ingested period by period reproduces the alerts live evaluation raised. Nothing is
// stored and no alert is ever closed in the replay. Silences (BacktestHistory::silences,
// the stored ones) apply as live: an alert raised at T while a silence matching its
// indicator, unit and rule was active at T is raised as silenced (BacktestAlert::silenced,
// counted in BacktestRuleSummary::silenced, not in alerts). The null replays of the Monte
// Carlo apply no silences.
// When a point was first reported: Observation::reported_at when it was never restated;
// else Revision::old_reported_at of its first restatement when given; else the earliest
// report of an unrestated point of the same indicator and period; else one second before
// its first restatement. Sample values count as reported with their period.
#pragma once

#include <chrono>
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
#include "rules/domain/silence.h"

namespace kpiwatch {

struct BacktestOptions {
  std::optional<Period> from;           // first step evaluated (earlier data is still visible)
  std::optional<Period> to;             // last step; unset = the latest period
  std::vector<std::string> indicators;  // ids or globs; empty = all
  // Expected false alarms per year under the null (Monte Carlo): for each rule, every
  // series its targets covered (at most 50, evenly spread, scaled up to all) is replaced by
  // iid Normal values with the series' median and MAD (sample sd when the MAD is 0) as seen
  // at the last step, on the same periods, each period one batch; the whole replay (same
  // range, same rule, dedup included) runs on these null series this many times, seeded.
  // 0 switches the Monte Carlo off. Cost: null_replicates replays of at most 50 series.
  int null_replicates = 5;
  std::uint64_t seed = 1;
  // Daily rules tick up to this time (the daemon passes its clock's now); unset: up to the
  // last replayed batch.
  std::optional<std::chrono::sys_seconds> until;
};

struct BacktestHistory {
  std::span<const Observation> observations;  // current values with reported_at
  std::span<const Revision> revisions;        // every restatement, with revised_at
  std::span<const Sample> samples;
  std::span<const Alert> past_alerts;         // stored alerts, for the false_alarm share
  std::span<const Silence> silences;          // stored silences, applied at their times
};

// An alert the replay raised (or a later update of it).
struct BacktestAlert {
  std::string rule;
  std::string indicator;
  std::string unit;
  Period step;         // the period at which it would have fired
  bool created = true; // false: evidence update of an alert raised earlier in the replay
  Finding finding;
  bool silenced = false;  // created while a matching silence was active
};

struct BacktestRuleSummary {
  std::string rule;
  std::size_t evaluations = 0;
  std::size_t alerts = 0;           // created alerts (not silenced)
  std::size_t silenced = 0;         // alerts created as silenced
  double years = 0.0;               // span of the replayed steps, in years
  double alerts_per_year = 0.0;
  // Mean over the null replicates of the alerts (created) per year the rule raised on null
  // copies of its series: how often this rule fires on data without any change, given
  // series like these (length, periods, level, spread) and the replay's dedup. It does not
  // model autocorrelation, seasonality, counts, peers' dependence or related series (null
  // replays have none, so pair rules raise nothing there). NaN when null_replicates = 0.
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
