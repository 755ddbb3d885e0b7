// paired_divergence: indicator up, counter-indicator down, judged by an IUT.
#include "detectors/gaming/paired_divergence.h"

#include <gtest/gtest.h>

#include "detectors/core/registry.h"
#include "tests/support/simulate.h"

namespace kpiwatch {
namespace {

Result<DetectorOutcome> Detect(const DetectorInput& input, std::map<std::string, std::string> params = {}) {
  return DetectorRegistry::Builtin().Run("paired_divergence", input, params);
}

Series Monthly(const std::string& id, std::vector<double> values) {
  Series series;
  series.indicator = id;
  Period start = *Period::Parse("2021-01");
  for (std::size_t i = 0; i < values.size(); ++i) series.periods.push_back(start.Next(static_cast<std::int64_t>(i)));
  series.values = std::move(values);
  return series;
}

// Outflow to work (higher is better) and share still at work after 6 months (higher is
// better), as in Koning & Heinrich (2013).
DetectorInput Outflow(double outflow_shift, double retention_shift) {
  testing::Rng rng(12);
  std::vector<double> outflow = testing::Ar1Noise(rng, 48, 0.3);
  std::vector<double> retention = testing::Ar1Noise(rng, 48, 0.3);
  testing::AddShift(outflow, 24, outflow_shift);
  testing::AddShift(retention, 24, retention_shift);
  DetectorInput input;
  input.indicator.id = "werkplein.uitstroom_werk";
  input.series = Monthly(input.indicator.id, outflow);
  RelatedSeries counter;
  counter.indicator.id = "werkplein.duurzaam_werk_6m";
  counter.series = Monthly(counter.indicator.id, retention);
  input.related.push_back(counter);
  return input;
}

TEST(PairedDivergenceTest, FindsOutflowUpWhileRetentionFalls) {
  auto outcome = Detect(Outflow(2.0, -2.0));
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome->findings.size(), 1u);
  const Finding& finding = outcome->findings[0];
  EXPECT_EQ(finding.kind, "paired_divergence");
  EXPECT_EQ(finding.period, "2023-01");
  EXPECT_DOUBLE_EQ(*finding.p_value,
                   std::max(finding.EvidenceValue("indicator_p"), finding.EvidenceValue("counter_p")));
  EXPECT_NE(finding.explanation.find("werkplein.duurzaam_werk_6m"), std::string::npos);
}

TEST(PairedDivergenceTest, BothImprovingIsNoDivergence) {
  auto outcome = Detect(Outflow(2.0, 2.0));
  ASSERT_TRUE(outcome.ok());
  EXPECT_TRUE(outcome->findings.empty());
}

TEST(PairedDivergenceTest, ACounterIndicatorWhereLowerIsBetterWorsensUpwards) {
  DetectorInput input = Outflow(2.0, 2.0);
  input.related[0].indicator.direction = Direction::kLowerIsBetter;  // e.g. debt-assistance cases
  auto outcome = Detect(input);
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->findings.size(), 1u);
}

TEST(PairedDivergenceTest, TrendMethod) {
  auto outcome = Detect(Outflow(2.0, -2.0), {{"method", "trend"}});
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->findings.size(), 1u);
}

TEST(PairedDivergenceTest, NeedsACounterIndicator) {
  DetectorInput input = Outflow(2.0, -2.0);
  input.related.clear();
  auto outcome = Detect(input);
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->applicability, Applicability::kNotApplicable);
}

}  // namespace
}  // namespace kpiwatch
