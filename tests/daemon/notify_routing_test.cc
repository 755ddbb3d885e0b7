// Routing, anti-storm rules and the retry policy (pure functions).
#include <gtest/gtest.h>

#include <set>

#include "daemon/notify/retry_policy.h"
#include "daemon/notify/routing.h"
#include "tests/support/notify_fixture.h"

namespace kpiwatch::notify {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

const std::chrono::sys_seconds kNoon =
    std::chrono::sys_days{std::chrono::year{2024} / 3 / 5} + hours(12);

NotifyConfig ThreeGroups() {
  NotifyConfig config;
  config.groups.push_back({"controllers",
                           {"c@x.nl"},
                           Language::kDutch,
                           DeliveryMode::kImmediate,
                           minutes(480),
                           Severity::kWarning,
                           2});
  config.groups.push_back({"board",
                           {"b@x.nl"},
                           Language::kEnglish,
                           DeliveryMode::kDigest,
                           minutes(7 * 60 + 30),
                           Severity::kCritical,
                           20});
  config.groups.push_back({"stewards",
                           {"s@x.nl"},
                           Language::kEnglish,
                           DeliveryMode::kImmediate,
                           minutes(480),
                           Severity::kInfo,
                           20});
  return config;
}

std::vector<std::string> Names(const Routing& routing) {
  std::vector<std::string> names;
  for (const auto* group : routing.groups) names.push_back(group->name);
  return names;
}

TEST(RouteAlertTest, RuleGroupsThenOwnerGroupWithoutDuplicatesAboveMinimumSeverity) {
  NotifyConfig config = ThreeGroups();
  auto warning = RouteAlert({"board", "controllers"}, "stewards", Severity::kWarning, config);
  EXPECT_EQ(Names(warning),
            (std::vector<std::string>{"controllers", "stewards"}));  // board wants critical
  auto critical =
      RouteAlert({"board", "controllers", "board"}, "controllers", Severity::kCritical, config);
  EXPECT_EQ(Names(critical), (std::vector<std::string>{"board", "controllers"}));
  auto info = RouteAlert({"controllers"}, "", Severity::kInfo, config);
  EXPECT_TRUE(info.groups.empty());
  auto unknown = RouteAlert({"controlers"}, "stewards", Severity::kWarning, config);
  EXPECT_EQ(Names(unknown), std::vector<std::string>{"stewards"});
  EXPECT_EQ(unknown.unknown_groups, std::vector<std::string>{"controlers"});
}

TEST(ShouldNotifyTest, NewAlertsAndSeverityRisesOnly) {
  Alert before = testing::SampleAlert();
  before.severity = Severity::kWarning;
  Alert after = before;
  EXPECT_TRUE(ShouldNotify(nullptr, after));
  after.evidence_updates = 3;
  after.finding.effect = 9.0;
  EXPECT_FALSE(ShouldNotify(&before, after)) << "an evidence update is not re-sent";
  after.severity = Severity::kCritical;
  EXPECT_TRUE(ShouldNotify(&before, after)) << "a severity rise is sent";
  EXPECT_FALSE(ShouldNotify(&after, before)) << "a severity drop is not";
  after.status = AlertStatus::kSilenced;
  EXPECT_FALSE(ShouldNotify(nullptr, after));
  EXPECT_FALSE(ShouldNotify(&before, after));
}

TEST(ChooseDeliveryTest, ImmediateGroupSwitchesToDigestAtItsHourlyCap) {
  NotifyConfig config = ThreeGroups();
  const RecipientGroup& controllers = config.groups[0];  // cap 2
  EXPECT_EQ(ChooseDelivery(controllers, 0), Delivery::kImmediate);
  EXPECT_EQ(ChooseDelivery(controllers, 1), Delivery::kImmediate);
  EXPECT_EQ(ChooseDelivery(controllers, 2), Delivery::kDigest);
  EXPECT_EQ(ChooseDelivery(config.groups[1], 0), Delivery::kDigest);
}

TEST(DigestFlushTimeTest, NextTimeOfDayForDigestGroupsNextHourForCappedGroups) {
  NotifyConfig config = ThreeGroups();
  auto day = std::chrono::sys_days{std::chrono::year{2024} / 3 / 5};
  EXPECT_EQ(DigestFlushTime(config.groups[1], kNoon),
            day + std::chrono::days(1) + minutes(7 * 60 + 30));
  EXPECT_EQ(DigestFlushTime(config.groups[1], day + hours(6)), day + minutes(7 * 60 + 30));
  EXPECT_EQ(DigestFlushTime(config.groups[1], day + minutes(7 * 60 + 30)),
            day + std::chrono::days(1) + minutes(450))
      << "strictly after now";
  EXPECT_EQ(DigestFlushTime(config.groups[0], kNoon + minutes(17)), kNoon + hours(1));
}

TEST(HourlyCapTest, CountsSendsInASlidingHourPerGroup) {
  HourlyCap cap;
  cap.RecordSend("controllers", kNoon);
  cap.RecordSend("controllers", kNoon + minutes(30));
  cap.RecordSend("board", kNoon);
  EXPECT_EQ(cap.SentInLastHour("controllers", kNoon + minutes(59)), 2);
  EXPECT_EQ(cap.SentInLastHour("controllers", kNoon + hours(1)), 1);
  EXPECT_EQ(cap.SentInLastHour("controllers", kNoon + minutes(90)), 0);
  EXPECT_EQ(cap.SentInLastHour("board", kNoon + minutes(10)), 1);
  EXPECT_EQ(cap.SentInLastHour("stewards", kNoon), 0);
}

TEST(RetryPolicyTest, DelaysDoubleWithJitterUpToTheCap) {
  RetrySettings settings{seconds(30), seconds(600), hours(48)};
  std::mt19937_64 engine(42);
  for (int failures = 1; failures <= 12; ++failures) {
    std::int64_t base = std::min<std::int64_t>(600, 30LL << (failures - 1));
    for (int draw = 0; draw < 50; ++draw) {
      auto delay = RetryDelay(settings, failures, engine).count();
      EXPECT_GE(delay, base / 2) << failures;
      EXPECT_LE(delay, base) << failures;
    }
  }
  // Jitter: not every draw is the same.
  std::set<std::int64_t> distinct;
  for (int draw = 0; draw < 50; ++draw) distinct.insert(RetryDelay(settings, 3, engine).count());
  EXPECT_GT(distinct.size(), 10u);
  // Seeded: the same seed gives the same delays.
  std::mt19937_64 a(7), b(7);
  for (int failures = 1; failures < 6; ++failures)
    EXPECT_EQ(RetryDelay(settings, failures, a), RetryDelay(settings, failures, b));
}

TEST(RetryPolicyTest, GivesUpAfterTheGiveUpTimeAndMakesALastAttemptAtTheDeadline) {
  RetrySettings settings{seconds(30), seconds(3600), hours(2)};
  std::mt19937_64 engine(1);
  auto queued = kNoon;
  auto early = DecideRetry(settings, 1, queued, queued + seconds(1), false, engine);
  EXPECT_FALSE(early.give_up);
  EXPECT_GE(early.next_attempt_at, queued + seconds(16));
  EXPECT_LE(early.next_attempt_at, queued + seconds(31));
  auto late = DecideRetry(settings, 9, queued, queued + hours(2) - seconds(60), false, engine);
  EXPECT_FALSE(late.give_up);
  EXPECT_EQ(late.next_attempt_at, queued + hours(2)) << "capped at the deadline";
  EXPECT_TRUE(DecideRetry(settings, 10, queued, queued + hours(2), false, engine).give_up);
  EXPECT_TRUE(DecideRetry(settings, 1, queued, queued + seconds(1), true, engine).give_up)
      << "permanent refusal";
}

}  // namespace
}  // namespace kpiwatch::notify
