// underdispersion: rates that vary less than binomial sampling allows.
#include "detectors/gaming/underdispersion.h"

#include <gtest/gtest.h>

#include <cmath>

#include "detectors/core/registry.h"
#include "tests/support/simulate.h"

namespace kpiwatch {
namespace {

Result<DetectorOutcome> Detect(const DetectorInput& input, std::map<std::string, std::string> params = {}) {
  return DetectorRegistry::Builtin().Run("underdispersion", input, params);
}

DetectorInput SuccessRate(double variance_share, bool trend = false) {
  testing::Rng rng(8);
  DetectorInput input;
  input.indicator.unit_kind = UnitKind::kPercent;
  Period start = *Period::Parse("2022-01");
  std::normal_distribution<double> noise(0.0, 1.0);
  for (int i = 0; i < 36; ++i) {
    double p = 0.9 + (trend ? 0.002 * i : 0.0);
    input.series.periods.push_back(start.Next(i));
    input.series.values.push_back(100.0 * (p + std::sqrt(variance_share * p * (1 - p) / 300.0) * noise(rng)));
    input.series.denominators.push_back(300.0);
  }
  return input;
}

TEST(UnderdispersionTest, FindsARateThatIsTooSmooth) {
  auto outcome = Detect(SuccessRate(0.2));
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome->findings.size(), 1u);
  EXPECT_NEAR(outcome->findings[0].EvidenceValue("dispersion_ratio"), 0.2, 0.12);
  EXPECT_EQ(outcome->findings[0].EvidenceValue("df"), 35.0);
}

TEST(UnderdispersionTest, BinomialVariationGivesNoFinding) {
  auto outcome = Detect(SuccessRate(1.0));
  ASSERT_TRUE(outcome.ok());
  EXPECT_TRUE(outcome->findings.empty());
}

TEST(UnderdispersionTest, DetrendingRemovesTheTrendBeforeMeasuring) {
  DetectorInput input = SuccessRate(0.2, true);
  auto flat = Detect(input);
  auto linear = Detect(input, {{"detrend", "linear"}});
  ASSERT_TRUE(flat.ok() && linear.ok());
  EXPECT_TRUE(flat->findings.empty());  // the trend inflates the pooled dispersion
  ASSERT_EQ(linear->findings.size(), 1u);
  EXPECT_EQ(linear->findings[0].EvidenceValue("df"), 34.0);
  auto seasonal = Detect(input, {{"detrend", "seasonal"}});
  ASSERT_TRUE(seasonal.ok());
  ASSERT_EQ(seasonal->findings.size(), 1u);
  EXPECT_EQ(seasonal->findings[0].EvidenceValue("df"), 23.0);
}

TEST(UnderdispersionTest, PoissonCountsThatAreTooRegular) {
  DetectorInput input;
  input.indicator.unit_kind = UnitKind::kCount;
  for (int i = 0; i < 24; ++i) input.series.values.push_back(100.0 + (i % 3) - 1.0);
  auto outcome = Detect(input);
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome->findings.size(), 1u);
}

TEST(UnderdispersionTest, ARateWithoutDenominatorsIsNotApplicable) {
  DetectorInput input = SuccessRate(0.2);
  input.series.denominators.clear();
  auto outcome = Detect(input);
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->applicability, Applicability::kNotApplicable);
  EXPECT_NE(outcome->reason.find("denominators"), std::string::npos);
}

// Found by fuzz_detectors: counts so large that the chi-square statistic overflowed gave a
// NaN p-value, and `p > alpha` let the NaN through as a finding.
TEST(UnderdispersionTest, ANanPValueIsNoFinding) {
  DetectorInput input;
  input.indicator.unit_kind = UnitKind::kCount;
  Period start = *Period::Parse("2022-01");
  for (int i = 0; i < 24; ++i) {
    input.series.periods.push_back(start.Next(i));
    input.series.values.push_back(i % 2 == 0 ? 1e300 : 1.7e308);
  }
  auto outcome = Detect(input);
  ASSERT_TRUE(outcome.ok());
  for (const Finding& finding : outcome->findings) {
    ASSERT_TRUE(finding.p_value.has_value());
    EXPECT_FALSE(std::isnan(*finding.p_value));
  }
}

}  // namespace
}  // namespace kpiwatch
