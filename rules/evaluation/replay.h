// The backtest's replay engine: history re-run batch by batch through the live code path.
//
// Shared by RunBacktest for the stored history and for the null series of its Monte Carlo
// estimate (rules/evaluation/backtest.h documents the semantics).
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "rules/evaluation/backtest.h"

namespace kpiwatch {

struct ReplayScope {
  std::optional<Period> from;
  std::optional<Period> to;
  std::vector<std::string> indicators;  // ids or globs; empty = all
  std::span<const Silence> silences;    // applied to alerts created while they were active
  // Daily rules tick up to this time (BacktestOptions::until); unset: the last batch.
  std::optional<std::chrono::sys_seconds> until;
};

struct ReplayResult {
  std::vector<BacktestAlert> alerts;                  // in replay order
  std::map<std::string, std::size_t> evaluations;     // per rule name
  std::map<std::string, std::size_t> created;         // alerts raised, per rule name
  std::map<std::string, std::size_t> silenced;        // alerts raised as silenced, per rule name
  // Per rule name, the series its targets covered ((indicator, unit); every unit of the
  // indicator for a cross-section target).
  std::map<std::string, std::set<std::pair<std::string, std::string>>> series;
  std::vector<std::string> errors;
  std::vector<Period> steps;                          // the steps replayed, in order
  std::vector<Observation> last_visible;              // what the last batch saw
};

// Replays `observations` (with their restatements and samples) step by step, with the
// ticks of daily rules interleaved by time; see RunBacktest. InvalidArgument when from > to or no observation falls in the range.
Result<ReplayResult> Replay(const RuleSet& rules, const Catalogue& catalogue,
                            std::span<const Observation> observations,
                            std::span<const Revision> revisions, std::span<const Sample> samples,
                            const ReplayScope& scope, const DetectorRegistry& registry);

// Whether `period` lies within [from, to] (by calendar days; unset ends are open).
bool InStepRange(const Period& period, const std::optional<Period>& from,
                 const std::optional<Period>& to);

}  // namespace kpiwatch
