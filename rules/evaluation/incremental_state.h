// Incremental evaluation: the stored detector state of one (rule, indicator, unit) and
// when it may be resumed instead of a batch run.
//
// A detector with a registry `resume` (cusum) runs point by point from a saved state with
// the same outcome as a batch run. The scheduler keeps one record per (rule, indicator,
// unit); EvaluateRound resumes from it when the series only grew since (see Resumable) and
// otherwise runs from a fresh state over the whole series, and returns the new records.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "detectors/core/registry.h"
#include "detectors/core/series.h"
#include "rules/domain/rule.h"

namespace kpiwatch {

struct DetectorStateRecord {
  std::string fingerprint;   // RuleFingerprint of the rule that produced it
  std::string first_period;  // first and last period of the series fed so far
  std::string last_period;
  std::size_t rows = 0;       // points fed so far
  std::size_t revisions = 0;  // restatements of the series known when it was saved
  std::string state;          // the detector's own state (IncrementalOutcome::state)

  // "kpiwatch-state1\n" then one line each for fingerprint, first, last, rows, revisions,
  // then the detector state (may span lines).
  std::string Serialize() const;
  // Inverse of Serialize; InvalidArgument when the text is not a record.
  static Result<DetectorStateRecord> Parse(std::string_view text);
  bool operator==(const DetectorStateRecord&) const = default;
};

// What a round reads and writes of the stored states (a plain value: the daemon loads and
// stores it, the rules layer never touches storage).
struct IncrementalStates {
  std::map<std::string, DetectorStateRecord> stored;   // by DetectorStateKey, before the round
  std::map<std::string, DetectorStateRecord> updated;  // the round's new records
  std::size_t incremental = 0;  // targets resumed from a stored state
  std::size_t full = 0;         // incremental-capable targets run from a fresh state
};

// "rule \0 indicator \0 unit": one record per rule and series.
std::string DetectorStateKey(const std::string& rule, const std::string& indicator, const std::string& unit);

// The rule fields the detector state depends on: detector, params (as written) and window.
// A rule whose fingerprint changed starts from a fresh state.
std::string RuleFingerprint(const Rule& rule);

// Whether the rule runs incrementally: its detector has `resume` and the rule has no
// window (a sliding window restarts the detector at a moving first point, so the state of
// the previous round is not the state of the new window).
bool SupportsIncremental(const Rule& rule, const DetectorInfo& detector);

// Whether `record` may be resumed on `input`: same fingerprint, the series still starts at
// the record's first period, its row `rows - 1` is the record's last period (no point was
// inserted before it) and it has as many restatements as when the record was saved (none
// of the fed points was restated since).
bool Resumable(const DetectorStateRecord& record, const std::string& fingerprint, const DetectorInput& input);

}  // namespace kpiwatch
