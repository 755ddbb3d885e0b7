// last_digit: heaping on 0 and 5.
#include "detectors/gaming/last_digit.h"

#include <gtest/gtest.h>

#include <cmath>

#include "detectors/core/registry.h"
#include "tests/support/simulate.h"

namespace kpiwatch {
namespace {

Result<DetectorOutcome> Detect(const DetectorInput& input, std::map<std::string, std::string> params = {}) {
  return DetectorRegistry::Builtin().Run("last_digit", input, params);
}

DetectorInput Minutes(double rounded_share, double decimals = 0) {
  testing::Rng rng(4);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  DetectorInput input;
  input.indicator.unit_kind = UnitKind::kDuration;
  const double scale = std::pow(10.0, decimals);
  for (double v : testing::NormalNoise(rng, 300, 50.0, 500.0)) {
    v = unit(rng) < rounded_share ? 5.0 * std::round(v / 5.0) : std::round(v);
    input.samples.push_back(v / scale);
  }
  return input;
}

TEST(LastDigitTest, InfersThePrecision) {
  EXPECT_EQ(*gaming::InferPrecision({1, 20, 300}), 1.0);
  EXPECT_DOUBLE_EQ(*gaming::InferPrecision({1.5, 2.25, 3}), 0.01);
  EXPECT_FALSE(gaming::InferPrecision({std::acos(-1.0)}).has_value());
}

TEST(LastDigitTest, FindsHeapingOnZeroAndFive) {
  auto outcome = Detect(Minutes(0.3));
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome->findings.size(), 1u);
  const Finding& finding = outcome->findings[0];
  EXPECT_EQ(finding.kind, "digit_heaping");
  EXPECT_NEAR(finding.EvidenceValue("share_0_5"), 0.44, 0.07);
  EXPECT_LT(finding.EvidenceValue("binomial_p_0_5"), 1e-6);
}

TEST(LastDigitTest, WorksAtADecimalPrecision) {
  auto outcome = Detect(Minutes(0.3, 1));
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome->findings.size(), 1u);
  EXPECT_DOUBLE_EQ(outcome->findings[0].EvidenceValue("precision"), 0.1);
}

TEST(LastDigitTest, MeasuredValuesGiveNoFinding) {
  // At the default 0.05 one null sample in 20 gives a finding (this one has p = 0.011; the
  // rate is measured in accuracy/gaming_size_power_test); at 0.001 none should.
  auto outcome = Detect(Minutes(0.0), {{"alpha", "0.001"}});
  ASSERT_TRUE(outcome.ok());
  EXPECT_TRUE(outcome->findings.empty());
}

TEST(LastDigitTest, NotApplicableToValuesThatSpanFewSteps) {
  DetectorInput input;
  for (int i = 0; i < 100; ++i) input.samples.push_back(i % 4);
  auto outcome = Detect(input);
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->applicability, Applicability::kNotApplicable);
}

// Found by fuzz_detectors: llround of a value beyond the range of long long gave a
// negative digit, and the count for it was written before the start of the array.
TEST(LastDigitTest, NotApplicableToValuesWithMoreStepsThanADoubleHolds) {
  DetectorInput input;
  for (int i = 0; i < 100; ++i) input.samples.push_back(i * 7.0);
  input.samples[50] = 1e300;
  auto outcome = Detect(input);
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->applicability, Applicability::kNotApplicable);
  EXPECT_NE(outcome->reason.find("2^53"), std::string::npos) << outcome->reason;
}

}  // namespace
}  // namespace kpiwatch
