#include "rules/domain/alert.h"

#include <algorithm>
#include <array>

namespace kpiwatch {
namespace {

constexpr std::array kStatuses = {AlertStatus::kOpen, AlertStatus::kAcknowledged,
                                  AlertStatus::kInterpreted, AlertStatus::kClosed,
                                  AlertStatus::kSilenced};
constexpr std::array kCategories = {
    InterpretationCategory::kGenuineChange,   InterpretationCategory::kDefinitionChange,
    InterpretationCategory::kDataError,       InterpretationCategory::kExternalCause,
    InterpretationCategory::kGamingSuspected, InterpretationCategory::kGamingConfirmed,
    InterpretationCategory::kFalseAlarm,      InterpretationCategory::kOther};
constexpr std::array kActions = {AlertAction::kAcknowledge, AlertAction::kInterpret,
                                 AlertAction::kClose, AlertAction::kReopen};

// Looks `text` up among the names of `values`; the error lists every allowed name.
template <typename Enum, std::size_t N>
Result<Enum> ParseName(std::string_view text, const std::array<Enum, N>& values,
                       const char* (*name)(Enum), const char* what) {
  std::string allowed;
  for (Enum value : values) {
    if (text == name(value)) return value;
    allowed += (allowed.empty() ? "" : ", ") + std::string(name(value));
  }
  return Status::InvalidArgument("unknown " + std::string(what) + " '" + std::string(text) +
                                 "' (allowed: " + allowed + ")");
}

bool IsGaming(const Alert& alert) {
  if (!alert.interpretation) return false;
  InterpretationCategory category = alert.interpretation->category;
  return category == InterpretationCategory::kGamingSuspected ||
         category == InterpretationCategory::kGamingConfirmed;
}

bool HasText(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return c != ' ' && c != '\t' && c != '\n'; });
}

// Why `action` is refused in the alert's status, or "" when it is allowed.
std::string Refusal(const Alert& alert, AlertAction action) {
  AlertStatus status = alert.status;
  switch (action) {
    case AlertAction::kAcknowledge:
      if (status == AlertStatus::kOpen) return "";
      return "only an open alert can be acknowledged";
    case AlertAction::kInterpret:
      if (status == AlertStatus::kOpen || status == AlertStatus::kAcknowledged ||
          status == AlertStatus::kInterpreted) {
        return "";
      }
      return status == AlertStatus::kClosed ? "it is closed; reopen it first"
                                            : "it is silenced; reopen it first";
    case AlertAction::kClose:
      if (status == AlertStatus::kInterpreted) return "";
      if (status == AlertStatus::kClosed) return "it is already closed";
      if (!alert.interpretation) return "it has no interpretation";
      return "it was reopened and needs a new interpretation";
    case AlertAction::kReopen:
      if (status == AlertStatus::kClosed || status == AlertStatus::kSilenced) return "";
      return "only a closed or silenced alert can be reopened";
  }
  return "unknown action";
}

AlertStatus StatusAfter(AlertAction action) {
  switch (action) {
    case AlertAction::kAcknowledge: return AlertStatus::kAcknowledged;
    case AlertAction::kInterpret: return AlertStatus::kInterpreted;
    case AlertAction::kClose: return AlertStatus::kClosed;
    case AlertAction::kReopen: return AlertStatus::kOpen;
  }
  return AlertStatus::kOpen;
}

}  // namespace

const char* AlertStatusName(AlertStatus status) {
  switch (status) {
    case AlertStatus::kOpen: return "open";
    case AlertStatus::kAcknowledged: return "acknowledged";
    case AlertStatus::kInterpreted: return "interpreted";
    case AlertStatus::kClosed: return "closed";
    case AlertStatus::kSilenced: return "silenced";
  }
  return "open";
}

Result<AlertStatus> ParseAlertStatus(std::string_view text) {
  return ParseName(text, kStatuses, AlertStatusName, "alert status");
}

const char* InterpretationCategoryName(InterpretationCategory category) {
  switch (category) {
    case InterpretationCategory::kGenuineChange: return "genuine_change";
    case InterpretationCategory::kDefinitionChange: return "definition_change";
    case InterpretationCategory::kDataError: return "data_error";
    case InterpretationCategory::kExternalCause: return "external_cause";
    case InterpretationCategory::kGamingSuspected: return "gaming_suspected";
    case InterpretationCategory::kGamingConfirmed: return "gaming_confirmed";
    case InterpretationCategory::kFalseAlarm: return "false_alarm";
    case InterpretationCategory::kOther: return "other";
  }
  return "other";
}

Result<InterpretationCategory> ParseInterpretationCategory(std::string_view text) {
  return ParseName(text, kCategories, InterpretationCategoryName, "interpretation category");
}

const char* AlertActionName(AlertAction action) {
  switch (action) {
    case AlertAction::kAcknowledge: return "acknowledge";
    case AlertAction::kInterpret: return "interpret";
    case AlertAction::kClose: return "close";
    case AlertAction::kReopen: return "reopen";
  }
  return "acknowledge";
}

Result<AlertAction> ParseAlertAction(std::string_view text) {
  return ParseName(text, kActions, AlertActionName, "alert action");
}

Result<Alert> ApplyAlertAction(const Alert& alert, AlertAction action, std::string_view actor,
                               std::chrono::sys_seconds now,
                               std::optional<Interpretation> interpretation) {
  std::string what = "cannot " + std::string(AlertActionName(action)) + " alert " +
                     std::to_string(alert.id) + ": ";
  if (std::string refusal = Refusal(alert, action); !refusal.empty()) {
    return Status::FailedPrecondition(what + refusal + " (status " + AlertStatusName(alert.status) +
                                      ")");
  }
  Alert next = alert;
  AlertTransition transition{AlertActionName(action), alert.status, StatusAfter(action),
                             std::string(actor), now, ""};
  if (action == AlertAction::kInterpret) {
    if (!interpretation) {
      return Status::InvalidArgument(what + "an interpretation (category and note) is required");
    }
    if (!HasText(interpretation->note)) {
      return Status::InvalidArgument(what + "the interpretation needs a note saying why");
    }
    interpretation->author = std::string(actor);
    interpretation->at = now;
    transition.note = InterpretationCategoryName(interpretation->category);
    next.interpretation = std::move(interpretation);
  }
  if (action == AlertAction::kReopen) next.silenced_by = 0;
  next.status = transition.to;
  next.updated_at = now;
  next.transitions.push_back(std::move(transition));
  return next;
}

bool AwaitsInterpretation(const Alert& alert) {
  return alert.status == AlertStatus::kOpen || alert.status == AlertStatus::kAcknowledged;
}

const char* SteeringStatusName(SteeringStatus status) {
  switch (status) {
    case SteeringStatus::kCleared: return "cleared";
    case SteeringStatus::kNeedsInterpretation: return "needs_interpretation";
    case SteeringStatus::kUnderReview: return "under_review";
  }
  return "cleared";
}

SteeringState SteeringStatusOf(std::span<const Alert> alerts) {
  std::vector<std::uint64_t> under_review, awaiting;
  for (const Alert& alert : alerts) {
    if (alert.status == AlertStatus::kSilenced || alert.status == AlertStatus::kClosed) continue;
    if (IsGaming(alert)) under_review.push_back(alert.id);
    else if (AwaitsInterpretation(alert)) awaiting.push_back(alert.id);
  }
  SteeringState state;
  if (!under_review.empty()) {
    state.status = SteeringStatus::kUnderReview;
    state.alert_ids = std::move(under_review);
  } else if (!awaiting.empty()) {
    state.status = SteeringStatus::kNeedsInterpretation;
    state.alert_ids = std::move(awaiting);
  }
  std::sort(state.alert_ids.begin(), state.alert_ids.end());
  return state;
}

}  // namespace kpiwatch
