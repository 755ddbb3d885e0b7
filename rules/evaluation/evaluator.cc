#include "rules/evaluation/evaluator.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <set>

#include "rules/evaluation/window.h"

namespace kpiwatch {
namespace {

// What one target produced.
struct TargetRun {
  bool evaluated = false;
  std::vector<Finding> findings;
  std::vector<bool> passes;  // per finding: thresholds, then (where set) the FDR control
  std::optional<Period> raised_period;
};

bool PassesThresholds(const Finding& finding, const RuleThresholds& thresholds) {
  if (thresholds.max_p) {
    if (finding.p_value) {
      if (!(*finding.p_value <= *thresholds.max_p)) return false;
    } else if (finding.probability) {
      if (!(*finding.probability >= 1.0 - *thresholds.max_p)) return false;
    }
  }
  if (thresholds.min_effect) {
    if (std::isnan(finding.effect_sd) || std::abs(finding.effect_sd) < *thresholds.min_effect) {
      return false;
    }
  }
  return true;
}

std::string TargetName(const EvaluationTarget& target) {
  std::string name = "rule '" + target.rule->name + "' on " + target.indicator;
  return target.unit.empty() ? name + " (all units)" : name + "/" + target.unit;
}

// Runs an incremental-capable detector: resumes from the stored record when Resumable,
// else from a fresh state; records the new state in `states`.
Result<DetectorOutcome> RunIncremental(const EvaluationTarget& target, const DetectorInfo& info,
                                       const DetectorInput& input, IncrementalStates& states) {
  const Rule& rule = *target.rule;
  Result<ParamValues> params = ValidateParams(rule.detector, info.params, rule.params);
  if (!params.ok()) return params.status();
  std::string key = DetectorStateKey(rule.name, target.indicator, target.unit);
  std::string fingerprint = RuleFingerprint(rule);
  std::optional<IncrementalOutcome> resumed;
  auto stored = states.stored.find(key);
  if (stored != states.stored.end() && Resumable(stored->second, fingerprint, input)) {
    Result<IncrementalOutcome> from_state = info.resume(input, *params, stored->second.state);
    if (from_state.ok()) resumed = std::move(*from_state);
  }
  bool incremental = resumed.has_value();
  if (!resumed) {
    Result<IncrementalOutcome> fresh = info.resume(input, *params, "");
    if (!fresh.ok()) return fresh.status();
    resumed = std::move(*fresh);
  }
  ++(incremental ? states.incremental : states.full);
  DetectorStateRecord record;
  record.fingerprint = fingerprint;
  if (!resumed->state.empty() && input.series.has_periods()) {
    record.first_period = input.series.periods.front().ToString();
    record.last_period = input.series.periods.back().ToString();
    record.rows = input.series.size();
    record.revisions = input.revisions.size();
    record.state = std::move(resumed->state);
  }
  if (stored == states.stored.end() || !(stored->second == record)) states.updated[key] = std::move(record);
  return std::move(resumed->outcome);
}

// Builds the (windowed) input and runs the detector. Returns an error message, or "" with
// `run` filled (run.evaluated false when the target was skipped).
std::string RunTarget(const EvaluationTarget& target, const SeriesIndex& index,
                      const DetectorRegistry& registry, IncrementalStates* states, TargetRun& run) {
  const Rule& rule = *target.rule;
  Result<const DetectorInfo*> info = registry.Lookup(rule.detector);
  if (!info.ok()) return info.status().message();
  Result<WindowedInput> input =
      BuildWindowedInput(index, target.indicator, target.unit, **info, rule.window_periods);
  if (!input.ok()) return input.status().message();
  if (input->points < static_cast<std::size_t>(std::max(rule.thresholds.min_points, 0))) {
    return "";
  }
  Result<DetectorOutcome> outcome =
      states != nullptr && !target.unit.empty() && SupportsIncremental(rule, **info)
          ? RunIncremental(target, **info, input->input, *states)
          : registry.Run(rule.detector, input->input, rule.params);
  if (!outcome.ok()) return outcome.status().ToString();
  if (outcome->applicability != Applicability::kApplicable) return "";
  run.evaluated = true;
  run.raised_period = input->last_period;
  run.findings = std::move(outcome->findings);
  for (const Finding& finding : run.findings) {
    run.passes.push_back(PassesThresholds(finding, rule.thresholds));
  }
  return "";
}

// BH over one family of targets: every finding's p-value plus p = 1 for an evaluated
// target without one; clears `passes` of the findings BH does not reject at their rule's q.
void ApplyFdrToFamily(std::span<const EvaluationTarget> targets, std::span<const std::size_t> family,
                      std::vector<TargetRun>& runs) {
  struct Slot {
    std::size_t target = 0;
    std::size_t finding = 0;
    bool padding = false;
  };
  std::vector<double> p_values;
  std::vector<Slot> slots;
  std::set<double> levels;
  for (std::size_t i : family) {
    levels.insert(targets[i].rule->fdr->q);
    bool tested = false;
    for (std::size_t f = 0; f < runs[i].findings.size(); ++f) {
      if (!runs[i].findings[f].p_value) continue;
      tested = true;
      p_values.push_back(*runs[i].findings[f].p_value);
      slots.push_back({i, f, false});
    }
    if (!tested) {
      p_values.push_back(1.0);
      slots.push_back({i, 0, true});
    }
  }
  std::map<double, std::vector<bool>> rejected_at;
  for (double q : levels) rejected_at[q] = BenjaminiHochberg(p_values, q);
  for (std::size_t k = 0; k < slots.size(); ++k) {
    if (slots[k].padding) continue;
    double q = targets[slots[k].target].rule->fdr->q;
    if (!rejected_at[q][k]) runs[slots[k].target].passes[slots[k].finding] = false;
  }
}

void ApplyFdr(std::span<const EvaluationTarget> targets, std::vector<TargetRun>& runs) {
  std::map<const Rule*, std::vector<std::size_t>> per_rule;
  std::vector<std::size_t> all_rules;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const Rule* rule = targets[i].rule;
    if (!rule->fdr || !runs[i].evaluated) continue;
    if (rule->fdr->scope == FdrControl::Scope::kAllRules) all_rules.push_back(i);
    else per_rule[rule].push_back(i);
  }
  for (const auto& [rule, family] : per_rule) ApplyFdrToFamily(targets, family, runs);
  if (!all_rules.empty()) ApplyFdrToFamily(targets, all_rules, runs);
}

// The passing finding with the latest location (ties: smallest p-value), or nullptr.
const Finding* ChooseFinding(const TargetRun& run) {
  const Finding* best = nullptr;
  for (std::size_t f = 0; f < run.findings.size(); ++f) {
    if (!run.passes[f]) continue;
    const Finding& finding = run.findings[f];
    if (best == nullptr || finding.index > best->index) {
      best = &finding;
    } else if (finding.index == best->index &&
               finding.p_value.value_or(2.0) < best->p_value.value_or(2.0)) {
      best = &finding;
    }
  }
  return best;
}

AlertCandidate MakeCandidate(const EvaluationTarget& target, const Finding& finding,
                             const std::optional<Period>& raised_period) {
  const Rule& rule = *target.rule;
  AlertCandidate candidate;
  candidate.rule = &rule;
  candidate.indicator = target.indicator;
  candidate.unit = target.unit;
  candidate.dedup_key = rule.DedupKey(target.indicator, target.unit, finding.kind);
  candidate.finding = finding;
  candidate.questions = finding.questions;
  for (const std::string& question : rule.questions) {
    if (std::find(candidate.questions.begin(), candidate.questions.end(), question) ==
        candidate.questions.end()) {
      candidate.questions.push_back(question);
    }
  }
  candidate.raised_period = raised_period;
  return candidate;
}

}  // namespace

RoundResult EvaluateRound(std::span<const EvaluationTarget> targets, const DetectorData& data,
                          const DetectorRegistry& registry) {
  return EvaluateRound(targets, data, registry, nullptr);
}

RoundResult EvaluateRound(std::span<const EvaluationTarget> targets, const DetectorData& data,
                          const DetectorRegistry& registry, IncrementalStates* states) {
  RoundResult result;
  std::vector<TargetRun> runs(targets.size());
  // One index of the round's rows: each target's input is then a look-up, and the units
  // of an indicator share one peer list.
  const SeriesIndex index(data);
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const EvaluationTarget& target = targets[i];
    if (target.rule == nullptr) {
      result.errors.push_back("target on " + target.indicator + "/" + target.unit + " has no rule");
      continue;
    }
    std::string error;
    try {
      error = RunTarget(target, index, registry, states, runs[i]);
    } catch (const std::exception& exception) {
      error = std::string("detector threw: ") + exception.what();
      runs[i] = TargetRun();
    }
    if (!error.empty()) {
      result.errors.push_back(TargetName(target) + ": " + error);
    } else if (runs[i].evaluated) {
      ++result.evaluations;
      ++result.evaluations_by_rule[target.rule->name];
    } else {
      ++result.skipped;
    }
  }
  ApplyFdr(targets, runs);
  for (std::size_t i = 0; i < targets.size(); ++i) {
    if (!runs[i].evaluated) continue;
    if (const Finding* finding = ChooseFinding(runs[i])) {
      result.candidates.push_back(MakeCandidate(targets[i], *finding, runs[i].raised_period));
    }
  }
  return result;
}

}  // namespace kpiwatch
