// AlertService on a real RocksDB: raising, dedup, lifecycle with audit records, silences,
// listings and steering status.
#include "daemon/alerts/alert_service.h"

#include <gtest/gtest.h>

#include "tests/support/fake_clock.h"
#include "tests/support/rule_fixtures.h"
#include "tests/support/temp_dir.h"

namespace kpiwatch::daemon {
namespace {

class AlertServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    rule_ = testing::SimpleRule("level-shift", "pelt", "werk.*");
    rule_.severity = Severity::kWarning;
    Open();
  }

  void Open() {
    alerts_.reset();
    audit_.reset();
    database_.reset();
    auto database = store::Database::Open({.path = dir_ / "db", .sync_writes = false});
    ASSERT_TRUE(database.ok()) << database.status().ToString();
    database_ = std::move(*database);
    audit_ = std::make_unique<AuditLog>(*database_, clock_);
    ASSERT_TRUE(audit_->Start().ok());
    alerts_ = std::make_unique<AlertService>(*database_, *audit_, clock_);
    ASSERT_TRUE(alerts_->Start().ok());
  }

  AlertCandidate Candidate(const std::string& unit, const std::string& period, double p_value = 0.001) {
    AlertCandidate candidate;
    candidate.rule = &rule_;
    candidate.indicator = "werk.uitstroom";
    candidate.unit = unit;
    candidate.dedup_key = rule_.DedupKey(candidate.indicator, unit, "change_point");
    candidate.finding.detector = "pelt";
    candidate.finding.kind = "change_point";
    candidate.finding.indicator = candidate.indicator;
    candidate.finding.unit = unit;
    candidate.finding.period = period;
    candidate.finding.p_value = p_value;
    candidate.finding.explanation = "The level rose from 40 to 60.";
    candidate.questions = {"Did the definition change?"};
    candidate.raised_period = *Period::Parse(period);
    return candidate;
  }

  std::vector<std::string> AuditKinds() {
    auto records = audit_->Read(1, std::nullopt, 1000);
    EXPECT_TRUE(records.ok());
    std::vector<std::string> kinds;
    if (records.ok()) for (const AuditRecord& record : *records) kinds.push_back(record.kind);
    return kinds;
  }

  testing::TempDir dir_;
  testing::FakeClock clock_;
  Rule rule_;
  std::unique_ptr<store::Database> database_;
  std::unique_ptr<AuditLog> audit_;
  std::unique_ptr<AlertService> alerts_;
};

TEST_F(AlertServiceTest, RaisesAnAlertWithItsAuditRecordAndKeepsIdsAcrossRestarts) {
  auto applied = alerts_->Apply({Candidate("zwolle", "2026-01")}, 3);
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  ASSERT_EQ(applied->created, (std::vector<std::uint64_t>{1}));
  auto alert = alerts_->Get(1);
  ASSERT_TRUE(alert.ok());
  EXPECT_EQ(alert->status, AlertStatus::kOpen);
  EXPECT_EQ(alert->rule_version, 3);
  EXPECT_EQ(alert->finding.period, "2026-01");
  EXPECT_EQ(AuditKinds(), (std::vector<std::string>{"alert.raise"}));

  Open();
  auto second = alerts_->Apply({Candidate("deventer", "2026-02")}, 3);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->created, (std::vector<std::uint64_t>{2}));
  EXPECT_TRUE(audit_->Verify()->ok);
}

TEST_F(AlertServiceTest, AGivenUpNotificationIsRecordedOnTheAlertAndAudited) {
  ASSERT_TRUE(alerts_->Apply({Candidate("zwolle", "2026-01")}, 1).ok());
  auto recorded = alerts_->RecordNotificationFailure(1, "gave up after 48 h: connection refused");
  ASSERT_TRUE(recorded.ok()) << recorded.status().ToString();
  auto alert = alerts_->Get(1);
  ASSERT_TRUE(alert.ok());
  EXPECT_EQ(alert->status, AlertStatus::kOpen) << "the status does not change";
  ASSERT_EQ(alert->transitions.size(), 2u);
  EXPECT_EQ(alert->transitions.back().action, "notification_failed");
  EXPECT_EQ(alert->transitions.back().note, "gave up after 48 h: connection refused");
  EXPECT_EQ(AuditKinds(), (std::vector<std::string>{"alert.raise", "alert.notification_failed"}));
  EXPECT_EQ(alerts_->RecordNotificationFailure(99, "x").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(audit_->Verify()->ok);
}

TEST_F(AlertServiceTest, AnOpenAlertAbsorbsTheNextFindingOfTheSameKey) {
  ASSERT_TRUE(alerts_->Apply({Candidate("zwolle", "2026-01")}, 1).ok());
  clock_.Advance(std::chrono::hours(24 * 30));
  auto again = alerts_->Apply({Candidate("zwolle", "2026-01", 0.0001)}, 1);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->created.empty());
  EXPECT_EQ(again->updated, (std::vector<std::uint64_t>{1}));
  EXPECT_EQ(alerts_->Get(1)->evidence_updates, 1);
  // The very same evidence again changes nothing and writes no audit record.
  std::uint64_t seq = audit_->last_seq();
  auto same = alerts_->Apply({Candidate("zwolle", "2026-01", 0.0001)}, 1);
  ASSERT_TRUE(same.ok());
  EXPECT_TRUE(same->updated.empty());
  EXPECT_EQ(audit_->last_seq(), seq);
  // Two candidates of one key in one round: one alert.
  auto round = alerts_->Apply({Candidate("deventer", "2026-01"), Candidate("deventer", "2026-01", 0.002)}, 1);
  ASSERT_TRUE(round.ok());
  EXPECT_EQ(round->created.size(), 1u);
}

TEST_F(AlertServiceTest, TheLifecycleIsStoredAndAuditedAndRefusedActionsWriteNothing) {
  ASSERT_TRUE(alerts_->Apply({Candidate("zwolle", "2026-01")}, 1).ok());
  std::uint64_t seq = audit_->last_seq();
  auto refused = alerts_->Act(1, AlertAction::kClose, "alice", std::nullopt);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(audit_->last_seq(), seq);
  EXPECT_EQ(alerts_->Act(99, AlertAction::kAcknowledge, "alice", std::nullopt).status().code(),
            StatusCode::kNotFound);

  ASSERT_TRUE(alerts_->Act(1, AlertAction::kAcknowledge, "alice", std::nullopt).ok());
  EXPECT_EQ(alerts_->Steering("werk.uitstroom", std::nullopt)->status, SteeringStatus::kNeedsInterpretation);
  Interpretation gaming{InterpretationCategory::kGamingSuspected, "Intake moved to December.", "", {}};
  auto interpreted = alerts_->Act(1, AlertAction::kInterpret, "alice", gaming);
  ASSERT_TRUE(interpreted.ok()) << interpreted.status().ToString();
  EXPECT_EQ(interpreted->interpretation->author, "alice");
  SteeringState review = *alerts_->Steering("werk.uitstroom", "zwolle");
  EXPECT_EQ(review.status, SteeringStatus::kUnderReview);
  EXPECT_EQ(review.alert_ids, (std::vector<std::uint64_t>{1}));
  ASSERT_TRUE(alerts_->Act(1, AlertAction::kClose, "alice", std::nullopt).ok());
  EXPECT_EQ(alerts_->Steering("werk.uitstroom", std::nullopt)->status, SteeringStatus::kCleared);
  EXPECT_EQ(AuditKinds(), (std::vector<std::string>{"alert.raise", "alert.acknowledge", "alert.interpret",
                                                    "alert.close"}));
  auto records = audit_->Read(1, std::string("alert.interpret"), 10);
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ(records->at(0).actor, "alice");
  EXPECT_EQ(records->at(0).payload.at("category").as_string(), "gaming_suspected");
}

TEST_F(AlertServiceTest, AlertsRaisedUnderASilenceAreStoredSilencedAndExpiryIsAuditedOnce) {
  Silence silence;
  silence.indicator = "werk.*";
  silence.unit = "zwolle";
  silence.reason = "Reorganisation of the team";
  silence.starts_at = clock_.Now();
  silence.ends_at = clock_.Now() + std::chrono::hours(2);
  auto added = alerts_->AddSilence(silence, "bob");
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  EXPECT_EQ(added->id, 1u);
  EXPECT_EQ(added->author, "bob");
  Silence no_reason = silence;
  no_reason.reason.clear();
  EXPECT_EQ(alerts_->AddSilence(no_reason, "bob").status().code(), StatusCode::kInvalidArgument);

  auto applied = alerts_->Apply({Candidate("zwolle", "2026-01"), Candidate("deventer", "2026-01")}, 1);
  ASSERT_TRUE(applied.ok());
  EXPECT_EQ(applied->silenced, (std::vector<std::uint64_t>{1}));
  EXPECT_EQ(applied->created, (std::vector<std::uint64_t>{2}));
  auto silenced = alerts_->Get(1);
  EXPECT_EQ(silenced->status, AlertStatus::kSilenced);
  EXPECT_EQ(silenced->silenced_by, 1u);
  EXPECT_EQ(alerts_->Steering("werk.uitstroom", "zwolle")->status, SteeringStatus::kCleared);

  EXPECT_EQ(*alerts_->RecordExpiredSilences(), 0u);
  clock_.Advance(std::chrono::hours(3));
  EXPECT_EQ(*alerts_->RecordExpiredSilences(), 1u);
  EXPECT_EQ(*alerts_->RecordExpiredSilences(), 0u);
  auto kinds = AuditKinds();
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "silence.expire"), 1);
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "alert.silenced"), 1);
}

TEST_F(AlertServiceTest, ListingsFilterByStatusSeverityUnitAndPeriodNewestFirst) {
  ASSERT_TRUE(alerts_->Apply({Candidate("zwolle", "2025-06"), Candidate("deventer", "2026-01")}, 1).ok());
  ASSERT_TRUE(alerts_->Act(1, AlertAction::kAcknowledge, "alice", std::nullopt).ok());
  auto all = alerts_->List({});
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ(all->at(0).id, 2u);
  EXPECT_EQ(alerts_->List({.status = AlertStatus::kAcknowledged})->size(), 1u);
  EXPECT_EQ(alerts_->List({.unit = std::string("deventer")})->at(0).id, 2u);
  EXPECT_EQ(alerts_->List({.indicator = std::string("werk.uitstroom"), .unit = std::string("zwolle")})->size(), 1u);
  EXPECT_EQ(alerts_->List({.min_severity = Severity::kCritical})->size(), 0u);
  EXPECT_EQ(alerts_->List({.from = *Period::Parse("2025-12")})->size(), 1u);
  EXPECT_EQ(alerts_->List({.to = *Period::Parse("2025-12")})->at(0).id, 1u);
  EXPECT_EQ(alerts_->List({.limit = 1})->size(), 1u);
}

}  // namespace
}  // namespace kpiwatch::daemon
