// Dedup and cooldown: does a candidate raise a new alert or update an existing one?
//
// Pure decisions over the alerts that share the candidate's dedup key; the daemon's
// alert service and the backtest apply them the same way.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>

#include "rules/domain/alert.h"
#include "rules/domain/silence.h"
#include "rules/evaluation/evaluator.h"

namespace kpiwatch {

struct AlertDecision {
  enum class Kind {
    kCreate,  // raise a new alert
    kUpdate,  // merge the new evidence into `alert_id`
  };
  Kind kind = Kind::kCreate;
  std::uint64_t alert_id = 0;  // kUpdate
};

// `same_key` are the stored alerts with the candidate's dedup key (any status). Update
// when one of them is not closed (open, acknowledged, interpreted, silenced: the newest
// such), or when the newest alert is closed but either flags the same finding period as
// the candidate (a re-found, already interpreted finding is not raised again) or the
// cooldown holds (fewer than rule.cooldown_periods periods between its raised_period and
// the candidate's). Otherwise create.
AlertDecision DecideAlert(const AlertCandidate& candidate, std::span<const Alert> same_key);

// A new alert from a candidate: status open (silenced, with silenced_by, when `silence`
// is given), a "raise" transition by "kpiwatchd" at `now`.
Alert NewAlert(const AlertCandidate& candidate, std::uint64_t id, int rule_version,
               std::chrono::sys_seconds now, const Silence* silence = nullptr);

// `alert` with the candidate's finding and questions as the new evidence, severity raised
// to the rule's when higher, evidence_updates + 1 and an "update" transition. The status
// is unchanged. Returns nullopt when the candidate carries the same evidence as the alert
// already has (same finding location, statistic and p-value): nothing to store.
std::optional<Alert> WithNewEvidence(const Alert& alert, const AlertCandidate& candidate,
                                     std::chrono::sys_seconds now);

}  // namespace kpiwatch
