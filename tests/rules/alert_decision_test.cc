// Dedup and cooldown: when a candidate raises a new alert and when it updates one.
#include "rules/evaluation/alert_decision.h"

#include <gtest/gtest.h>

#include "tests/support/series_builder.h"

namespace kpiwatch {
namespace {

using testing::P;
using std::chrono::sys_seconds;

constexpr sys_seconds kNow{std::chrono::seconds(1'800'000'000)};

class AlertDecisionTest : public ::testing::Test {
 protected:
  AlertDecisionTest() {
    rule_.name = "shift";
    rule_.detector = "pelt";
    rule_.severity = Severity::kWarning;
    rule_.notify = {"controllers"};
  }

  // A candidate flagging `finding_period`, evaluated at step `raised`.
  AlertCandidate Candidate(const char* finding_period, const char* raised, double p = 0.001) {
    AlertCandidate candidate;
    candidate.rule = &rule_;
    candidate.indicator = "kpi";
    candidate.unit = "a";
    candidate.dedup_key = "shift/kpi/a";
    candidate.finding.detector = "pelt";
    candidate.finding.kind = "change_point";
    candidate.finding.period = finding_period;
    candidate.finding.index = 20;
    candidate.finding.statistic = 30.0;
    candidate.finding.p_value = p;
    candidate.finding.questions = {"Did the definition change?"};
    candidate.questions = {"Did the definition change?", "Ask the team lead."};
    candidate.raised_period = P(raised);
    return candidate;
  }

  Alert Stored(std::uint64_t id, AlertStatus status, const char* finding_period, const char* raised,
               std::int64_t created_hours = 0) {
    Alert alert = NewAlert(Candidate(finding_period, raised), id, 1, kNow + std::chrono::hours(created_hours));
    alert.status = status;
    return alert;
  }

  Rule rule_;
};

TEST_F(AlertDecisionTest, NoAlertWithTheKeyCreates) {
  EXPECT_EQ(DecideAlert(Candidate("2024-03", "2024-06"), {}).kind, AlertDecision::Kind::kCreate);
}

TEST_F(AlertDecisionTest, ANotClosedAlertAbsorbsTheCandidateTheNewestOne) {
  for (AlertStatus status : {AlertStatus::kOpen, AlertStatus::kAcknowledged, AlertStatus::kInterpreted,
                             AlertStatus::kSilenced}) {
    std::vector<Alert> same_key = {Stored(3, AlertStatus::kClosed, "2023-01", "2023-04", 5),
                                   Stored(4, status, "2023-09", "2023-12", 1),
                                   Stored(2, status, "2022-01", "2022-03", 0)};
    AlertDecision decision = DecideAlert(Candidate("2024-03", "2024-06"), same_key);
    EXPECT_EQ(decision.kind, AlertDecision::Kind::kUpdate) << AlertStatusName(status);
    EXPECT_EQ(decision.alert_id, 4u) << AlertStatusName(status);
  }
}

TEST_F(AlertDecisionTest, ClosedAlertOfTheSameFindingPeriodIsNotRaisedAgain) {
  std::vector<Alert> same_key = {Stored(7, AlertStatus::kClosed, "2024-03", "2024-06")};
  AlertDecision decision = DecideAlert(Candidate("2024-03", "2025-01"), same_key);
  EXPECT_EQ(decision.kind, AlertDecision::Kind::kUpdate);
  EXPECT_EQ(decision.alert_id, 7u);
  // Another finding period after a closed alert (no cooldown): a new alert.
  EXPECT_EQ(DecideAlert(Candidate("2024-11", "2025-01"), same_key).kind, AlertDecision::Kind::kCreate);
}

TEST_F(AlertDecisionTest, CooldownHoldsForFewerPeriodsThanConfiguredThenExpires) {
  rule_.cooldown_periods = 6;
  std::vector<Alert> same_key = {Stored(7, AlertStatus::kClosed, "2024-03", "2024-06")};
  // 2024-06 + 5 periods: still within the cooldown.
  AlertDecision held = DecideAlert(Candidate("2024-10", "2024-11"), same_key);
  EXPECT_EQ(held.kind, AlertDecision::Kind::kUpdate);
  EXPECT_EQ(held.alert_id, 7u);
  // 6 periods later: expired.
  EXPECT_EQ(DecideAlert(Candidate("2024-10", "2024-12"), same_key).kind, AlertDecision::Kind::kCreate);
  // Only the newest alert counts: an older one inside the window does not hold.
  same_key.push_back(Stored(8, AlertStatus::kClosed, "2024-01", "2024-02", 10));
  same_key.front().raised_period = P("2024-11");
  EXPECT_EQ(DecideAlert(Candidate("2024-10", "2024-12"), same_key).kind, AlertDecision::Kind::kCreate);
}

TEST_F(AlertDecisionTest, NewAlertIsOpenWithARaiseTransition) {
  Alert alert = NewAlert(Candidate("2024-03", "2024-06"), 42, 3, kNow);
  EXPECT_EQ(alert.id, 42u);
  EXPECT_EQ(alert.rule, "shift");
  EXPECT_EQ(alert.rule_version, 3);
  EXPECT_EQ(alert.dedup_key, "shift/kpi/a");
  EXPECT_EQ(alert.indicator, "kpi");
  EXPECT_EQ(alert.unit, "a");
  EXPECT_EQ(alert.status, AlertStatus::kOpen);
  EXPECT_EQ(alert.severity, Severity::kWarning);
  EXPECT_EQ(alert.notify, (std::vector<std::string>{"controllers"}));
  EXPECT_EQ(alert.questions, (std::vector<std::string>{"Did the definition change?", "Ask the team lead."}));
  EXPECT_EQ(alert.raised_period, P("2024-06"));
  EXPECT_EQ(alert.created_at, kNow);
  EXPECT_EQ(alert.evidence_updates, 0);
  ASSERT_EQ(alert.transitions.size(), 1u);
  EXPECT_EQ(alert.transitions[0].action, "raise");
  EXPECT_EQ(alert.transitions[0].from, AlertStatus::kOpen);
  EXPECT_EQ(alert.transitions[0].to, AlertStatus::kOpen);
  EXPECT_EQ(alert.transitions[0].actor, "kpiwatchd");
  EXPECT_EQ(alert.silenced_by, 0u);
}

TEST_F(AlertDecisionTest, NewAlertUnderASilenceIsStoredSilenced) {
  Silence silence;
  silence.id = 9;
  silence.reason = "Known migration of the source system.";
  Alert alert = NewAlert(Candidate("2024-03", "2024-06"), 42, 3, kNow, &silence);
  EXPECT_EQ(alert.status, AlertStatus::kSilenced);
  EXPECT_EQ(alert.silenced_by, 9u);
  ASSERT_EQ(alert.transitions.size(), 1u);
  EXPECT_EQ(alert.transitions[0].to, AlertStatus::kSilenced);
  EXPECT_NE(alert.transitions[0].note.find("silence 9"), std::string::npos);
}

TEST_F(AlertDecisionTest, NewEvidenceUpdatesFindingRaisesSeverityAndKeepsStatus) {
  Alert alert = Stored(5, AlertStatus::kAcknowledged, "2024-03", "2024-06");
  rule_.severity = Severity::kCritical;
  AlertCandidate candidate = Candidate("2024-03", "2024-07", 0.0001);
  candidate.finding.statistic = 35.0;
  std::optional<Alert> updated = WithNewEvidence(alert, candidate, kNow + std::chrono::hours(24));
  ASSERT_TRUE(updated.has_value());
  EXPECT_EQ(updated->status, AlertStatus::kAcknowledged);
  EXPECT_EQ(updated->severity, Severity::kCritical);
  EXPECT_EQ(updated->finding.p_value, 0.0001);
  EXPECT_EQ(updated->evidence_updates, 1);
  EXPECT_EQ(updated->raised_period, P("2024-06"));
  EXPECT_EQ(updated->updated_at, kNow + std::chrono::hours(24));
  ASSERT_EQ(updated->transitions.size(), 2u);
  EXPECT_EQ(updated->transitions.back().action, "update");
  EXPECT_EQ(updated->transitions.back().from, AlertStatus::kAcknowledged);
  EXPECT_EQ(updated->transitions.back().to, AlertStatus::kAcknowledged);

  // Severity never drops with new evidence.
  rule_.severity = Severity::kInfo;
  candidate.finding.p_value = 0.002;
  std::optional<Alert> again = WithNewEvidence(*updated, candidate, kNow);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->severity, Severity::kCritical);
  EXPECT_EQ(again->evidence_updates, 2);
}

TEST_F(AlertDecisionTest, IdenticalEvidenceIsNothingToStore) {
  Alert alert = Stored(5, AlertStatus::kOpen, "2024-03", "2024-06");
  EXPECT_FALSE(WithNewEvidence(alert, Candidate("2024-03", "2024-07"), kNow).has_value());
  AlertCandidate moved = Candidate("2024-04", "2024-07");
  EXPECT_TRUE(WithNewEvidence(alert, moved, kNow).has_value());
  AlertCandidate other_p = Candidate("2024-03", "2024-07", 0.002);
  EXPECT_TRUE(WithNewEvidence(alert, other_p, kNow).has_value());
}

}  // namespace
}  // namespace kpiwatch
