// Rule evaluation: which rules run on which series, running them, and which findings
// become alert candidates.
//
// One evaluation round = every target of one ingest batch (or one schedule tick). The
// daemon's scheduler and the backtest both call EvaluateRound, so a backtest replays
// exactly what live evaluation does.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "detectors/core/finding.h"
#include "detectors/core/registry.h"
#include "rules/domain/catalogue.h"
#include "rules/domain/rule.h"
#include "rules/evaluation/detector_input.h"
#include "rules/evaluation/incremental_state.h"

namespace kpiwatch {

// One (rule, series) to evaluate. unit is empty for a cross-section target (a detector of
// shape kCrossSection runs once per indicator over all units).
struct EvaluationTarget {
  const Rule* rule = nullptr;  // points into the RuleSet passed to the same call
  std::string indicator;
  std::string unit;
};

// A series touched by an ingest batch.
struct TouchedSeries {
  std::string indicator;
  std::string unit;
};

// Targets for a batch: every on_ingest rule whose selector matches a touched series, one
// target per (rule, series); for cross-section detectors one per (rule, indicator). In
// rule order, then touched order; no duplicates. Indicators not in the catalogue are
// skipped.
std::vector<EvaluationTarget> TargetsForIngest(const RuleSet& rules, const Catalogue& catalogue,
                                               std::span<const TouchedSeries> touched);

// Targets for a schedule tick: every rule of kind kDaily whose minute_of_day is `minute`,
// on every selected series among `series` (all known series).
std::vector<EvaluationTarget> TargetsForSchedule(const RuleSet& rules, const Catalogue& catalogue,
                                                 std::span<const TouchedSeries> series,
                                                 int minute_of_day);

// As above, with each rule's detector (its input shape) looked up in `registry`; the
// overloads without a registry use DetectorRegistry::Builtin(). A rule whose detector is
// unknown gets one target per series (EvaluateRound then reports the unknown detector).
std::vector<EvaluationTarget> TargetsForIngest(const RuleSet& rules, const Catalogue& catalogue,
                                               std::span<const TouchedSeries> touched,
                                               const DetectorRegistry& registry);
std::vector<EvaluationTarget> TargetsForSchedule(const RuleSet& rules, const Catalogue& catalogue,
                                                 std::span<const TouchedSeries> series,
                                                 int minute_of_day,
                                                 const DetectorRegistry& registry);

// A finding that passed its rule (thresholds and, where set, the FDR control).
struct AlertCandidate {
  const Rule* rule = nullptr;
  std::string indicator;
  std::string unit;
  std::string dedup_key;
  Finding finding;
  std::vector<std::string> questions;   // the finding's, then the rule's
  std::optional<Period> raised_period;  // latest period of the evaluated series
};

struct RoundResult {
  std::vector<AlertCandidate> candidates;
  std::size_t evaluations = 0;  // targets the detector actually ran on
  std::size_t skipped = 0;      // not applicable, insufficient data, or below min_points
  // Targets whose evaluation failed (a bug or bad stored data): "rule 'x' on a/b: reason".
  std::vector<std::string> errors;
  std::map<std::string, std::size_t> evaluations_by_rule;  // rule name -> evaluations
};

// Runs every target: builds the input (BuildDetectorInput over `data`, then keeps the
// last window_periods points of the series, peers and related series), runs the detector
// with the rule's params, keeps findings that pass the rule's thresholds, applies
// Benjamini-Hochberg where rules ask for it (over the p-values of the round's findings,
// per rule or across rules with scope all_rules), and returns for each target at most one
// candidate: the passing finding with the latest location (ties: smallest p-value).
//
// Windowing: the window is the period range from the first to the last of the series'
// last window_periods points (cross-section: the last window_periods periods any unit
// has); peers, related series, samples and revisions are cut to the periods that overlap
// that range. min_points counts the points (cross-section: the periods) in the window.
// FDR: the family of a rule (or of all rules with scope all_rules) holds the p-value of
// every finding of its evaluated targets, whether or not it passes the thresholds, plus
// p = 1 for each evaluated target that returned no finding with a p-value (a test that was
// run and found nothing is a test all the same, so the family size is not chosen by the
// detector). Across rules, each rule's findings are judged at its own q. Findings without
// a p-value are outside the family: only their thresholds apply.
// Errors (unknown detector, bad params, bad stored data, an exception from a detector)
// go to `errors`, one per target, and the round goes on.
RoundResult EvaluateRound(std::span<const EvaluationTarget> targets, const DetectorData& data,
                          const DetectorRegistry& registry);
// As above; targets whose rule SupportsIncremental resume from states->stored where
// Resumable (feeding only the new points) and otherwise run from a fresh state over the
// whole series; either way the outcome equals the batch run and the new record goes to
// states->updated (counted in states->incremental / states->full). A stored state that
// cannot be read falls back to the fresh run. states == nullptr: batch runs only.
RoundResult EvaluateRound(std::span<const EvaluationTarget> targets, const DetectorData& data,
                          const DetectorRegistry& registry, IncrementalStates* states);

// Benjamini-Hochberg (1995) step-up: which of `p_values` are rejected at FDR level q.
// Returns one flag per input (same order). NaN p-values are never rejected.
std::vector<bool> BenjaminiHochberg(std::span<const double> p_values, double q);

}  // namespace kpiwatch
