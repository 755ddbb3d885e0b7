// target_hugging: a series that stays just on the good side of its target.
#include "detectors/gaming/target_hugging.h"

#include <gtest/gtest.h>

#include "detectors/core/registry.h"
#include "tests/support/simulate.h"

namespace kpiwatch {
namespace {

Result<DetectorOutcome> Detect(const DetectorInput& input, std::map<std::string, std::string> params = {}) {
  return DetectorRegistry::Builtin().Run("target_hugging", input, params);
}

DetectorInput Satisfaction(const std::vector<double>& values, std::optional<Period> valid_from = std::nullopt) {
  DetectorInput input;
  input.indicator.id = "werkplein.tevredenheid";
  input.indicator.target = Target{7.0, Comparator::kAtLeast, valid_from};
  input.series.indicator = "werkplein.tevredenheid";
  Period start = *Period::Parse("2021-01");
  for (std::size_t i = 0; i < values.size(); ++i) input.series.periods.push_back(start.Next(static_cast<std::int64_t>(i)));
  input.series.values = values;
  return input;
}

TEST(TargetHuggingTest, FindsASeriesParkedJustAboveSeven) {
  testing::Rng rng(1);
  std::vector<double> values = testing::NormalNoise(rng, 36, 0.6, 7.0);
  for (double& v : values) {
    if (v < 7.0 && v > 6.3) v = 7.02;
  }
  auto outcome = Detect(Satisfaction(values));
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome->findings.size(), 1u);
  const Finding& finding = outcome->findings[0];
  EXPECT_EQ(finding.kind, "target_hugging");
  EXPECT_GT(finding.EvidenceValue("in_band_good"), finding.EvidenceValue("in_band_bad"));
  EXPECT_LE(*finding.p_value, 0.05);
  EXPECT_NE(finding.explanation.find("not proof"), std::string::npos);
}

TEST(TargetHuggingTest, SpreadCollapseAfterTheTargetTakesEffect) {
  testing::Rng rng(2);
  std::vector<double> values = testing::NormalNoise(rng, 24, 1.0, 7.2);
  for (double v : testing::NormalNoise(rng, 24, 0.08, 7.1)) values.push_back(v);
  auto outcome = Detect(Satisfaction(values, *Period::Parse("2023-01")), {{"band", "0.05"}});
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome->findings.size(), 1u);
  const Finding& finding = outcome->findings[0];
  EXPECT_LT(finding.EvidenceValue("spread_ratio"), 0.3);
  EXPECT_EQ(finding.window_begin_period, "2023-01");
  EXPECT_EQ(finding.statistic_name, "brown_forsythe_f");
}

TEST(TargetHuggingTest, OrdinaryNoiseAroundTheTargetGivesNoFinding) {
  testing::Rng rng(3);
  auto outcome = Detect(Satisfaction(testing::NormalNoise(rng, 36, 0.5, 7.0)));
  ASSERT_TRUE(outcome.ok());
  EXPECT_TRUE(outcome->findings.empty());
}

TEST(TargetHuggingTest, NeedsATargetAndEnoughPoints) {
  DetectorInput input = Satisfaction({7.1, 7.0, 7.2});
  auto few = Detect(input);
  ASSERT_TRUE(few.ok());
  EXPECT_EQ(few->applicability, Applicability::kInsufficientData);
  input.indicator.target.reset();
  auto none = Detect(input);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->applicability, Applicability::kNotApplicable);
}

}  // namespace
}  // namespace kpiwatch
