// threshold_bunching: excess mass just on the good side of a threshold.
#include "detectors/gaming/threshold_bunching.h"

#include <gtest/gtest.h>

#include "detectors/core/registry.h"
#include "tests/support/simulate.h"

namespace kpiwatch {
namespace {

Result<DetectorOutcome> Detect(const DetectorInput& input, std::map<std::string, std::string> params = {}) {
  return DetectorRegistry::Builtin().Run("threshold_bunching", input, params);
}

// Minutes waited per case against "at most 240 minutes": Locker & Mason's A&E pattern.
DetectorInput WaitingTimes(bool gamed) {
  testing::Rng rng(3);
  DetectorInput input;
  input.indicator.id = "ae.wait_minutes";
  input.indicator.unit_kind = UnitKind::kDuration;
  input.indicator.target = Target{240.0, Comparator::kAtMost, std::nullopt};
  input.samples = testing::NormalNoise(rng, 2000, 60.0, 230.0);
  if (gamed) {
    for (double& v : input.samples) {
      if (v > 240.0 && v < 270.0 && rng() % 2 == 0) v = 239.0 - static_cast<double>(rng() % 2);  // (237, 240] is the band
    }
  }
  return input;
}

TEST(ThresholdBunchingTest, FindsDeparturesPiledUpJustBeforeFourHours) {
  auto outcome = Detect(WaitingTimes(true));
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  ASSERT_EQ(outcome->findings.size(), 1u);
  const Finding& finding = outcome->findings[0];
  EXPECT_EQ(finding.kind, "bunching");
  EXPECT_EQ(finding.direction, ChangeDirection::kDown);  // good side is below 240
  EXPECT_GT(finding.EvidenceValue("excess_mass"), 50.0);
  EXPECT_GT(finding.EvidenceValue("missing_mass"), 50.0);
  EXPECT_LT(*finding.p_value, 0.001);
  EXPECT_LT(finding.EvidenceValue("binomial_p_1_bins"), 0.001);
  EXPECT_LT(finding.EvidenceValue("mccrary_log_difference"), 0.0);  // denser below 240
  EXPECT_LT(finding.EvidenceValue("mccrary_p"), 0.01);
  EXPECT_NE(finding.explanation.find("not proof"), std::string::npos);
  EXPECT_NE(finding.explanation.find("just below the threshold 240"), std::string::npos);
  EXPECT_FALSE(finding.questions.empty());
}

TEST(ThresholdBunchingTest, SmoothWaitingTimesGiveNoFinding) {
  auto outcome = Detect(WaitingTimes(false));
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->applicability, Applicability::kApplicable);
  EXPECT_TRUE(outcome->findings.empty());
}

TEST(ThresholdBunchingTest, UsesPeersAtTheLastPeriodAgainstAThresholdParameter) {
  testing::Rng rng(9);
  DetectorInput input;
  input.series.periods = {*Period::Parse("2024-03")};
  input.series.values = {96.0};
  std::vector<Series> peers;
  for (double v : testing::NormalNoise(rng, 400, 3.0, 94.0)) {
    Series peer;
    peer.periods = {*Period::Parse("2024-02"), *Period::Parse("2024-03")};
    peer.values = {50.0, v >= 93.5 && v < 95.0 ? 95.05 : v};  // February is ignored
    peers.push_back(peer);
  }
  input.peers = std::move(peers);
  auto outcome = Detect(input, {{"threshold", "95"}});
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome->applicability, Applicability::kApplicable) << outcome->reason;
  ASSERT_EQ(outcome->findings.size(), 1u);
  EXPECT_EQ(outcome->findings[0].period, "2024-03");
  EXPECT_EQ(outcome->findings[0].EvidenceValue("threshold"), 95.0);
}

TEST(ThresholdBunchingTest, NotApplicableWithoutAThreshold) {
  DetectorInput input = WaitingTimes(true);
  input.indicator.target.reset();
  auto outcome = Detect(input);
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->applicability, Applicability::kNotApplicable);
  EXPECT_NE(outcome->reason.find("no target"), std::string::npos);
}

TEST(ThresholdBunchingTest, InsufficientDataWithFewValues) {
  DetectorInput input = WaitingTimes(true);
  input.samples.resize(30);
  auto outcome = Detect(input);
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->applicability, Applicability::kInsufficientData);
}

TEST(ThresholdBunchingTest, SameSeedSameResult) {
  auto first = Detect(WaitingTimes(true), {{"seed", "4"}});
  auto second = Detect(WaitingTimes(true), {{"seed", "4"}});
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->findings[0].statistic, second->findings[0].statistic);
}

}  // namespace
}  // namespace kpiwatch
