// period_end_spike: a December far above what the year and earlier years predict.
#include "detectors/gaming/period_end_spike.h"

#include <gtest/gtest.h>

#include "detectors/core/registry.h"
#include "tests/support/simulate.h"

namespace kpiwatch {
namespace {

Result<DetectorOutcome> Detect(const DetectorInput& input, std::map<std::string, std::string> params = {}) {
  return DetectorRegistry::Builtin().Run("period_end_spike", input, params);
}

DetectorInput Monthly(std::vector<double> values, UnitKind unit = UnitKind::kCount) {
  DetectorInput input;
  input.indicator.id = "werkplein.fraude_terugvordering";
  input.indicator.unit_kind = unit;
  Period start = *Period::Parse("2019-01");
  for (std::size_t i = 0; i < values.size(); ++i) input.series.periods.push_back(start.Next(static_cast<std::int64_t>(i)));
  input.series.values = std::move(values);
  return input;
}

TEST(PeriodEndSpikeTest, FindsTheDecemberSpikeAndTheJanuaryDip) {
  testing::Rng rng(1);
  std::vector<double> values = testing::PoissonCounts(rng, 60, 50.0);
  values[35] = 90.0;  // December 2021
  values[36] = 25.0;  // January 2022
  EXPECT_TRUE(Detect(Monthly(values))->findings.empty());  // by default only 2023 is tested
  auto outcome = Detect(Monthly(values), {{"years", "all"}});
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome->findings.size(), 1u);
  const Finding& finding = outcome->findings[0];
  EXPECT_EQ(finding.kind, "period_end_spike");
  EXPECT_EQ(finding.period, "2021-12");
  EXPECT_EQ(finding.window_begin_period, "2021-01");
  EXPECT_NEAR(finding.EvidenceValue("ratio_observed_expected"), 1.8, 0.25);
  EXPECT_LT(finding.EvidenceValue("next_period_ratio"), 0.7);
  EXPECT_NE(finding.explanation.find("pulled forward"), std::string::npos);
}

TEST(PeriodEndSpikeTest, AnnualDecemberPeakIsTheExpectationNotASpike) {
  testing::Rng rng(2);
  std::vector<double> values = testing::PoissonCounts(rng, 60, 50.0);
  for (int year = 0; year < 5; ++year) values[static_cast<std::size_t>(year * 12 + 11)] = 80.0 + year;
  auto outcome = Detect(Monthly(values), {{"years", "all"}});
  ASSERT_TRUE(outcome.ok());
  EXPECT_TRUE(outcome->findings.empty());
}

TEST(PeriodEndSpikeTest, AmountsUseTheLognormalModel) {
  testing::Rng rng(3);
  std::vector<double> values;
  for (double v : testing::NormalNoise(rng, 60, 0.05, 0.0)) values.push_back(1e5 * std::exp(v));
  values[59] *= 2.0;
  auto outcome = Detect(Monthly(values, UnitKind::kAmount));
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome->findings.size(), 1u);
  EXPECT_EQ(outcome->findings[0].statistic_name, "t");
  EXPECT_EQ(outcome->findings[0].period, "2023-12");
}

TEST(PeriodEndSpikeTest, PreconditionsSayWhatIsMissing) {
  auto percent = Detect(Monthly(std::vector<double>(60, 50.0), UnitKind::kPercent));
  ASSERT_TRUE(percent.ok());
  EXPECT_EQ(percent->applicability, Applicability::kNotApplicable);
  auto short_series = Detect(Monthly(std::vector<double>(14, 50.0)));
  ASSERT_TRUE(short_series.ok());
  EXPECT_EQ(short_series->applicability, Applicability::kInsufficientData);
}

}  // namespace
}  // namespace kpiwatch
