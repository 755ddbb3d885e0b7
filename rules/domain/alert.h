// Alert: a finding that passed a rule, and what people did with it.
//
// Lifecycle: open -> acknowledged -> interpreted -> closed; interpreting is allowed from
// open and acknowledged (and again from interpreted, replacing the interpretation);
// closing requires an interpretation; a closed alert may be reopened (-> open). An alert
// suppressed by a silence is stored with status silenced and may be reopened too. Every
// transition is kept in the alert (and audited by the daemon). The functions here are
// pure: the daemon stores what they return.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "detectors/core/finding.h"
#include "detectors/core/period.h"
#include "detectors/core/status.h"
#include "rules/domain/rule.h"

namespace kpiwatch {

enum class AlertStatus { kOpen, kAcknowledged, kInterpreted, kClosed, kSilenced };
// "open", "acknowledged", "interpreted", "closed", "silenced".
const char* AlertStatusName(AlertStatus status);
Result<AlertStatus> ParseAlertStatus(std::string_view text);

enum class InterpretationCategory {
  kGenuineChange,
  kDefinitionChange,
  kDataError,
  kExternalCause,
  kGamingSuspected,
  kGamingConfirmed,
  kFalseAlarm,
  kOther,
};
// "genuine_change", "definition_change", "data_error", "external_cause",
// "gaming_suspected", "gaming_confirmed", "false_alarm", "other".
const char* InterpretationCategoryName(InterpretationCategory category);
// The error lists every allowed category.
Result<InterpretationCategory> ParseInterpretationCategory(std::string_view text);

// A controller's duiding of an alert.
struct Interpretation {
  InterpretationCategory category = InterpretationCategory::kOther;
  std::string note;    // required, non-empty
  std::string author;  // the token's name
  std::chrono::sys_seconds at{};
};

enum class AlertAction { kAcknowledge, kInterpret, kClose, kReopen };
// "acknowledge", "interpret", "close", "reopen".
const char* AlertActionName(AlertAction action);
Result<AlertAction> ParseAlertAction(std::string_view text);

// One step of an alert's history. Creation is the first transition (action "raise",
// from == to == the initial status); evidence updates are recorded with action "update".
struct AlertTransition {
  std::string action;  // "raise", "update", "silence", or an AlertActionName
  AlertStatus from = AlertStatus::kOpen;
  AlertStatus to = AlertStatus::kOpen;
  std::string actor;   // token name, or "kpiwatchd" for the scheduler
  std::chrono::sys_seconds at{};
  std::string note;    // e.g. the interpretation category, the silence id, what changed
};

struct Alert {
  std::uint64_t id = 0;
  std::string rule;
  int rule_version = 0;   // the rule-set version that raised it
  std::string dedup_key;
  std::string indicator;
  std::string unit;       // empty for a cross-section finding
  Severity severity = Severity::kWarning;
  AlertStatus status = AlertStatus::kOpen;
  Finding finding;        // the latest evidence
  std::vector<std::string> questions;  // the finding's, then the rule's
  std::vector<std::string> notify;     // recipient groups of the rule
  // The latest period of the series when the alert was raised (the evaluation step).
  std::optional<Period> raised_period;
  std::chrono::sys_seconds created_at{};
  std::chrono::sys_seconds updated_at{};
  int evidence_updates = 0;            // times new evidence was merged in
  std::optional<Interpretation> interpretation;
  std::vector<AlertTransition> transitions;  // oldest first
  std::uint64_t silenced_by = 0;       // silence id when status is silenced
};

// Applies a controller's action. `interpretation` is required for kInterpret (category and
// non-empty note; author and time are taken from actor/now) and ignored otherwise.
// FailedPrecondition when the action is not allowed in the current status (the message
// names both, e.g. "cannot close alert 12: it has no interpretation (status open)");
// InvalidArgument for a missing or empty interpretation note.
Result<Alert> ApplyAlertAction(const Alert& alert, AlertAction action, std::string_view actor,
                               std::chrono::sys_seconds now,
                               std::optional<Interpretation> interpretation = std::nullopt);

// Whether a closed (or silenced) alert would still matter for steering: no.
// Awaiting interpretation = open or acknowledged.
bool AwaitsInterpretation(const Alert& alert);

enum class SteeringStatus { kCleared, kNeedsInterpretation, kUnderReview };
// "cleared", "needs_interpretation", "under_review".
const char* SteeringStatusName(SteeringStatus status);

struct SteeringState {
  SteeringStatus status = SteeringStatus::kCleared;
  std::vector<std::uint64_t> alert_ids;  // the alerts behind the status, ascending
};

// Steering status of one indicator (and unit) from its alerts: under_review when an alert
// is interpreted as gaming_suspected or gaming_confirmed and not closed; else
// needs_interpretation when an alert awaits interpretation; else cleared. alert_ids are
// the alerts that decide the status (none when cleared). Silenced alerts do not count.
SteeringState SteeringStatusOf(std::span<const Alert> alerts);

}  // namespace kpiwatch
