// scale_change: jumps by a power of ten, fraction <-> percent switches.
#include <gtest/gtest.h>

#include "detectors/core/registry.h"
#include "tests/support/series_builder.h"
#include "tests/support/simulate.h"

namespace kpiwatch {
namespace {

DetectorInput Input(std::vector<double> values, UnitKind kind = UnitKind::kCount) {
  DetectorInput input;
  input.indicator.id = "handhaving.terugvordering";
  input.indicator.unit_kind = kind;
  input.series = testing::ConsecutiveSeries(input.indicator.id, "stad", "2021-01", values);
  return input;
}

Result<DetectorOutcome> RunScale(const DetectorInput& input) {
  return DetectorRegistry::Builtin().Run("scale_change", input, {});
}

std::vector<double> Level(testing::Rng& rng, std::size_t n, double level, double sd) {
  return testing::NormalNoise(rng, n, sd, level);
}

TEST(ScaleChange, ThousandsToUnitsIsReported) {
  testing::Rng rng(1);
  std::vector<double> values = Level(rng, 30, 4200.0, 150.0);
  for (std::size_t t = 18; t < 30; ++t) values[t] /= 1000.0;  // delivered in thousands from row 18
  Result<DetectorOutcome> outcome = RunScale(Input(values));
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome->findings.size(), 1u);
  const Finding& finding = outcome->findings[0];
  EXPECT_EQ(finding.kind, "scale_jump");
  EXPECT_EQ(finding.index, 18u);
  EXPECT_EQ(finding.period, "2022-07");
  EXPECT_EQ(finding.EvidenceValue("factor"), 0.001);
  EXPECT_EQ(finding.direction, ChangeDirection::kDown);
  EXPECT_NE(finding.explanation.find("not proof"), std::string::npos);
}

TEST(ScaleChange, FractionToPercentSwitchIsNamed) {
  testing::Rng rng(2);
  std::vector<double> values = Level(rng, 24, 0.62, 0.02);
  for (std::size_t t = 12; t < 24; ++t) values[t] *= 100.0;
  Result<DetectorOutcome> outcome = RunScale(Input(values, UnitKind::kPercent));
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome->findings.size(), 1u);
  EXPECT_EQ(outcome->findings[0].kind, "fraction_percent_switch");
  EXPECT_EQ(outcome->findings[0].index, 12u);
}

TEST(ScaleChange, SingleTypoIsNotAScaleChange) {
  testing::Rng rng(3);
  std::vector<double> values = Level(rng, 24, 300.0, 10.0);
  values[10] *= 10.0;
  EXPECT_TRUE(RunScale(Input(values))->findings.empty());
}

TEST(ScaleChange, OrdinaryChangesAndNoiseAreClean) {
  for (std::uint64_t seed = 10; seed < 30; ++seed) {
    testing::Rng rng(seed);
    std::vector<double> values = Level(rng, 36, 100.0, 15.0);
    for (std::size_t t = 18; t < 36; ++t) values[t] *= 2.5;  // a real (large) change, not a power of ten
    Result<DetectorOutcome> outcome = RunScale(Input(values));
    ASSERT_TRUE(outcome.ok());
    EXPECT_TRUE(outcome->findings.empty()) << "seed " << seed;
  }
}

TEST(ScaleChange, InsufficientDataForShortSeries) {
  Result<DetectorOutcome> outcome = RunScale(Input({1.0, 2.0, 3.0}));
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->applicability, Applicability::kInsufficientData);
}

}  // namespace
}  // namespace kpiwatch
