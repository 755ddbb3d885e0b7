// Alert lifecycle: which controller actions are allowed in which status, what they record,
// and the steering status an indicator gets from its alerts.
#include "rules/domain/alert.h"

#include <gtest/gtest.h>

#include <string>

namespace kpiwatch {
namespace {

using std::chrono::sys_seconds;

constexpr sys_seconds kNow{std::chrono::seconds(1'800'000'000)};

Alert AlertIn(AlertStatus status, std::uint64_t id = 12) {
  Alert alert;
  alert.id = id;
  alert.rule = "shift";
  alert.status = status;
  if (status == AlertStatus::kInterpreted || status == AlertStatus::kClosed) {
    alert.interpretation = Interpretation{InterpretationCategory::kGenuineChange, "New policy.",
                                          "ann", kNow};
  }
  if (status == AlertStatus::kSilenced) alert.silenced_by = 4;
  return alert;
}

Interpretation Note(InterpretationCategory category = InterpretationCategory::kDataError,
                    std::string note = "Team B booked twice.") {
  return Interpretation{category, std::move(note), "", {}};
}

struct TransitionCase {
  AlertStatus from;
  AlertAction action;
  std::optional<AlertStatus> to;  // nullopt: refused
};

TEST(AlertLifecycleTest, EveryActionInEveryStatusIsAllowedOrRefusedAsSpecified) {
  using S = AlertStatus;
  using A = AlertAction;
  const TransitionCase cases[] = {
      {S::kOpen, A::kAcknowledge, S::kAcknowledged},
      {S::kOpen, A::kInterpret, S::kInterpreted},
      {S::kOpen, A::kClose, std::nullopt},
      {S::kOpen, A::kReopen, std::nullopt},
      {S::kAcknowledged, A::kAcknowledge, std::nullopt},
      {S::kAcknowledged, A::kInterpret, S::kInterpreted},
      {S::kAcknowledged, A::kClose, std::nullopt},
      {S::kAcknowledged, A::kReopen, std::nullopt},
      {S::kInterpreted, A::kAcknowledge, std::nullopt},
      {S::kInterpreted, A::kInterpret, S::kInterpreted},
      {S::kInterpreted, A::kClose, S::kClosed},
      {S::kInterpreted, A::kReopen, std::nullopt},
      {S::kClosed, A::kAcknowledge, std::nullopt},
      {S::kClosed, A::kInterpret, std::nullopt},
      {S::kClosed, A::kClose, std::nullopt},
      {S::kClosed, A::kReopen, S::kOpen},
      {S::kSilenced, A::kAcknowledge, std::nullopt},
      {S::kSilenced, A::kInterpret, std::nullopt},
      {S::kSilenced, A::kClose, std::nullopt},
      {S::kSilenced, A::kReopen, S::kOpen},
  };
  for (const TransitionCase& c : cases) {
    std::string label = std::string(AlertActionName(c.action)) + " from " + AlertStatusName(c.from);
    Alert before = AlertIn(c.from);
    Result<Alert> after = ApplyAlertAction(before, c.action, "bob", kNow, Note());
    if (!c.to) {
      ASSERT_FALSE(after.ok()) << label;
      EXPECT_EQ(after.status().code(), StatusCode::kFailedPrecondition) << label;
      const std::string& message = after.status().message();
      EXPECT_NE(message.find("alert 12"), std::string::npos) << message;
      EXPECT_NE(message.find(AlertActionName(c.action)), std::string::npos) << message;
      EXPECT_NE(message.find(std::string("(status ") + AlertStatusName(c.from) + ")"),
                std::string::npos) << message;
      continue;
    }
    ASSERT_TRUE(after.ok()) << label << ": " << after.status().ToString();
    EXPECT_EQ(after->status, *c.to) << label;
    ASSERT_EQ(after->transitions.size(), before.transitions.size() + 1) << label;
    const AlertTransition& last = after->transitions.back();
    EXPECT_EQ(last.action, AlertActionName(c.action)) << label;
    EXPECT_EQ(last.from, c.from) << label;
    EXPECT_EQ(last.to, *c.to) << label;
    EXPECT_EQ(last.actor, "bob") << label;
    EXPECT_EQ(last.at, kNow) << label;
    EXPECT_EQ(after->updated_at, kNow) << label;
  }
}

TEST(AlertLifecycleTest, CloseWithoutInterpretationNamesTheReason) {
  Result<Alert> closed = ApplyAlertAction(AlertIn(AlertStatus::kOpen), AlertAction::kClose, "bob", kNow);
  ASSERT_FALSE(closed.ok());
  EXPECT_EQ(closed.status().message(), "cannot close alert 12: it has no interpretation (status open)");
}

TEST(AlertLifecycleTest, InterpretationNeedsANonEmptyNote) {
  Alert open = AlertIn(AlertStatus::kOpen);
  Result<Alert> missing = ApplyAlertAction(open, AlertAction::kInterpret, "bob", kNow);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(missing.status().message().find("alert 12"), std::string::npos);
  for (const char* note : {"", "  \n"}) {
    Result<Alert> empty = ApplyAlertAction(open, AlertAction::kInterpret, "bob", kNow,
                                           Note(InterpretationCategory::kOther, note));
    ASSERT_FALSE(empty.ok()) << "note '" << note << "'";
    EXPECT_EQ(empty.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(empty.status().message().find("note"), std::string::npos);
  }
}

TEST(AlertLifecycleTest, InterpretationTakesAuthorAndTimeFromTheActionAndIsRecorded) {
  Interpretation given = Note(InterpretationCategory::kGamingSuspected, "Cases closed on day 29.");
  given.author = "someone else";
  Result<Alert> interpreted =
      ApplyAlertAction(AlertIn(AlertStatus::kAcknowledged), AlertAction::kInterpret, "carla", kNow, given);
  ASSERT_TRUE(interpreted.ok());
  ASSERT_TRUE(interpreted->interpretation.has_value());
  EXPECT_EQ(interpreted->interpretation->category, InterpretationCategory::kGamingSuspected);
  EXPECT_EQ(interpreted->interpretation->note, "Cases closed on day 29.");
  EXPECT_EQ(interpreted->interpretation->author, "carla");
  EXPECT_EQ(interpreted->interpretation->at, kNow);
  EXPECT_EQ(interpreted->transitions.back().note, "gaming_suspected");

  // Interpreting again replaces the interpretation.
  Result<Alert> again = ApplyAlertAction(*interpreted, AlertAction::kInterpret, "dirk", kNow + std::chrono::hours(1),
                                         Note(InterpretationCategory::kExternalCause, "Factory closed."));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->interpretation->category, InterpretationCategory::kExternalCause);
  EXPECT_EQ(again->interpretation->author, "dirk");
  EXPECT_EQ(again->transitions.size(), 2u);
}

TEST(AlertLifecycleTest, ReopenedAlertNeedsANewInterpretationBeforeClosing) {
  Alert alert = AlertIn(AlertStatus::kOpen);
  alert.transitions.push_back({"raise", AlertStatus::kOpen, AlertStatus::kOpen, "kpiwatchd", kNow, ""});
  alert = *ApplyAlertAction(alert, AlertAction::kInterpret, "ann", kNow, Note());
  alert = *ApplyAlertAction(alert, AlertAction::kClose, "ann", kNow);
  Result<Alert> reopened = ApplyAlertAction(alert, AlertAction::kReopen, "bob", kNow);
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(reopened->status, AlertStatus::kOpen);
  EXPECT_TRUE(AwaitsInterpretation(*reopened));
  Result<Alert> closed = ApplyAlertAction(*reopened, AlertAction::kClose, "bob", kNow);
  ASSERT_FALSE(closed.ok());
  EXPECT_NE(closed.status().message().find("reopened"), std::string::npos) << closed.status().message();

  std::vector<std::string> actions;
  for (const AlertTransition& transition : reopened->transitions) actions.push_back(transition.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"raise", "interpret", "close", "reopen"}));
}

TEST(AlertLifecycleTest, ReopeningASilencedAlertClearsTheSilence) {
  Result<Alert> reopened = ApplyAlertAction(AlertIn(AlertStatus::kSilenced), AlertAction::kReopen, "bob", kNow);
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(reopened->status, AlertStatus::kOpen);
  EXPECT_EQ(reopened->silenced_by, 0u);
}

TEST(AlertNamesTest, NamesRoundTripAndUnknownNamesListTheAllowedOnes) {
  for (AlertStatus status : {AlertStatus::kOpen, AlertStatus::kAcknowledged, AlertStatus::kInterpreted,
                             AlertStatus::kClosed, AlertStatus::kSilenced}) {
    EXPECT_EQ(ParseAlertStatus(AlertStatusName(status)).value(), status);
  }
  for (AlertAction action : {AlertAction::kAcknowledge, AlertAction::kInterpret, AlertAction::kClose,
                             AlertAction::kReopen}) {
    EXPECT_EQ(ParseAlertAction(AlertActionName(action)).value(), action);
  }
  EXPECT_EQ(ParseInterpretationCategory("false_alarm").value(), InterpretationCategory::kFalseAlarm);
  Result<InterpretationCategory> unknown = ParseInterpretationCategory("fraud");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().message(),
            "unknown interpretation category 'fraud' (allowed: genuine_change, definition_change, "
            "data_error, external_cause, gaming_suspected, gaming_confirmed, false_alarm, other)");
  EXPECT_FALSE(ParseAlertStatus("Open").ok());
  EXPECT_FALSE(ParseAlertAction("ack").ok());
  EXPECT_STREQ(SteeringStatusName(SteeringStatus::kNeedsInterpretation), "needs_interpretation");
}

Alert Interpreted(std::uint64_t id, InterpretationCategory category, AlertStatus status) {
  Alert alert = AlertIn(AlertStatus::kOpen, id);
  alert.status = status;
  alert.interpretation = Note(category);
  return alert;
}

TEST(SteeringStatusTest, NoAlertsOrOnlyClosedOrSilencedAlertsAreCleared) {
  EXPECT_EQ(SteeringStatusOf({}).status, SteeringStatus::kCleared);
  std::vector<Alert> alerts = {AlertIn(AlertStatus::kClosed, 1), AlertIn(AlertStatus::kSilenced, 2),
                               Interpreted(3, InterpretationCategory::kGamingConfirmed, AlertStatus::kClosed)};
  SteeringState state = SteeringStatusOf(alerts);
  EXPECT_EQ(state.status, SteeringStatus::kCleared);
  EXPECT_TRUE(state.alert_ids.empty());
}

TEST(SteeringStatusTest, OpenOrAcknowledgedAlertsNeedInterpretation) {
  std::vector<Alert> alerts = {AlertIn(AlertStatus::kAcknowledged, 9), AlertIn(AlertStatus::kClosed, 3),
                               AlertIn(AlertStatus::kOpen, 5), AlertIn(AlertStatus::kInterpreted, 7)};
  SteeringState state = SteeringStatusOf(alerts);
  EXPECT_EQ(state.status, SteeringStatus::kNeedsInterpretation);
  EXPECT_EQ(state.alert_ids, (std::vector<std::uint64_t>{5, 9}));
  // An interpreted (not gaming) alert alone is cleared.
  EXPECT_EQ(SteeringStatusOf(std::span(&alerts[3], 1)).status, SteeringStatus::kCleared);
}

TEST(SteeringStatusTest, GamingInterpretationTakesPrecedenceUntilClosed) {
  std::vector<Alert> alerts = {AlertIn(AlertStatus::kOpen, 2),
                               Interpreted(8, InterpretationCategory::kGamingConfirmed, AlertStatus::kInterpreted),
                               Interpreted(4, InterpretationCategory::kGamingSuspected, AlertStatus::kInterpreted),
                               Interpreted(6, InterpretationCategory::kGamingSuspected, AlertStatus::kClosed)};
  SteeringState state = SteeringStatusOf(alerts);
  EXPECT_EQ(state.status, SteeringStatus::kUnderReview);
  EXPECT_EQ(state.alert_ids, (std::vector<std::uint64_t>{4, 8}));
}

TEST(SteeringStatusTest, SilencedAlertsDoNotCountEvenWithAGamingInterpretation) {
  std::vector<Alert> alerts = {Interpreted(1, InterpretationCategory::kGamingSuspected, AlertStatus::kSilenced),
                               AlertIn(AlertStatus::kSilenced, 2)};
  EXPECT_EQ(SteeringStatusOf(alerts).status, SteeringStatus::kCleared);
}

}  // namespace
}  // namespace kpiwatch
