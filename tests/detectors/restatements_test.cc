// restatements: revision sizes, revisions after the deadline, favourable sign test.
#include <gtest/gtest.h>

#include <cmath>

#include "detectors/core/registry.h"
#include "tests/support/series_builder.h"

namespace kpiwatch {
namespace {

using namespace std::chrono;
using testing::P;

Revision Revise(const std::string& period, double old_value, double new_value, sys_days when) {
  return {"", "zuid", P(period), old_value, new_value, sys_seconds(when)};
}

DetectorInput Input(Direction direction) {
  DetectorInput input;
  input.indicator.id = "schuldhulp.minnelijk_geslaagd";
  input.indicator.direction = direction;
  input.series = testing::ConsecutiveSeries(input.indicator.id, "zuid", "2023-01", std::vector<double>(12, 90.0));
  return input;
}

Result<DetectorOutcome> RunRestatements(const DetectorInput& input, std::map<std::string, std::string> params = {}) {
  return DetectorRegistry::Builtin().Run("restatements", input, params);
}

TEST(Restatements, NoRevisionsNoFindings) {
  Result<DetectorOutcome> outcome = RunRestatements(Input(Direction::kHigherIsBetter));
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->applicability, Applicability::kApplicable);
  EXPECT_TRUE(outcome->findings.empty());
}

TEST(Restatements, SmallTimelyRevisionIsNotReported) {
  DetectorInput input = Input(Direction::kHigherIsBetter);
  input.revisions = {Revise("2023-03", 90.0, 91.0, sys_days(2023y / April / 20))};
  EXPECT_TRUE(RunRestatements(input)->findings.empty());
}

TEST(Restatements, LargeAndLateRevisionsAreReported) {
  DetectorInput input = Input(Direction::kHigherIsBetter);
  input.revisions = {Revise("2023-03", 90.0, 80.0, sys_days(2023y / April / 20)),   // -11%, timely
                     Revise("2023-05", 90.0, 90.5, sys_days(2023y / December / 1)),  // small, late
                     Revise("2023-06", 88.0, 88.0, sys_days(2024y / June / 1))};     // no change
  Result<DetectorOutcome> outcome = RunRestatements(input);
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome->findings.size(), 2u);
  const Finding& large = outcome->findings[0];
  EXPECT_EQ(large.kind, "large_revision");
  EXPECT_EQ(large.period, "2023-03");
  EXPECT_EQ(large.index, 2u);
  EXPECT_NEAR(large.statistic, 10.0 / 90.0, 1e-12);
  EXPECT_EQ(large.direction, ChangeDirection::kDown);
  EXPECT_EQ(large.effect, -10.0);
  const Finding& late = outcome->findings[1];
  EXPECT_EQ(late.kind, "late_revision");
  // Deadline: 31 May + 90 days = 29 August; 1 December is 94 days later.
  EXPECT_EQ(late.EvidenceValue("days_after_deadline"), 94.0);
  EXPECT_NE(late.explanation.find("deadline"), std::string::npos);
}

TEST(Restatements, SignTestFlagsSystematicallyFavourableRevisions) {
  DetectorInput input = Input(Direction::kLowerIsBetter);  // e.g. evictions: down is favourable
  for (int m = 1; m <= 9; ++m) {
    input.revisions.push_back(Revise("2023-0" + std::to_string(m), 10.0, 9.8, sys_days(2023y / December / 1)));
  }
  Result<DetectorOutcome> outcome = RunRestatements(input, {{"deadline_days", "3000"}});
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome->findings.size(), 1u);
  const Finding& finding = outcome->findings[0];
  EXPECT_EQ(finding.kind, "favourable_revisions");
  EXPECT_EQ(finding.statistic, 9.0);
  ASSERT_TRUE(finding.p_value.has_value());
  EXPECT_NEAR(*finding.p_value, std::pow(0.5, 9), 1e-15);
  EXPECT_NE(finding.explanation.find("lower_is_better"), std::string::npos);
}

TEST(Restatements, BalancedRevisionsPassTheSignTest) {
  DetectorInput input = Input(Direction::kHigherIsBetter);
  for (int m = 1; m <= 8; ++m) {
    const double change = m % 2 == 0 ? 0.5 : -0.5;
    input.revisions.push_back(Revise("2023-0" + std::to_string(m), 90.0, 90.0 + change, sys_days(2023y / December / 1)));
  }
  Result<DetectorOutcome> outcome = RunRestatements(input, {{"deadline_days", "3000"}});
  ASSERT_TRUE(outcome.ok());
  EXPECT_TRUE(outcome->findings.empty());
}

TEST(Restatements, RevisionsOfOtherUnitsAreIgnored) {
  DetectorInput input = Input(Direction::kHigherIsBetter);
  Revision other = Revise("2023-03", 90.0, 50.0, sys_days(2023y / April / 20));
  other.unit = "noord";
  input.revisions = {other};
  EXPECT_TRUE(RunRestatements(input)->findings.empty());
}

}  // namespace
}  // namespace kpiwatch
