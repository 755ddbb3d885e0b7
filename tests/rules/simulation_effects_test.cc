// The injected effects of the scenario simulator, one behaviour each.
#include "rules/simulation/effects.h"

#include <gtest/gtest.h>

#include <cmath>

namespace kpiwatch::simulation {
namespace {

double VarianceOf(const std::vector<double>& x) {
  double mean = 0;
  for (double v : x) mean += v / double(x.size());
  double sum = 0;
  for (double v : x) sum += (v - mean) * (v - mean);
  return sum / double(x.size() - 1);
}

TEST(SimulationEffectsTest, ScaleFromStepsOrRampsFromTheGivenIndex) {
  std::vector<double> step = {10, 10, 10, 10};
  ScaleFrom(step, 2, 0.5);
  EXPECT_EQ(step, (std::vector<double>{10, 10, 5, 5}));

  std::vector<double> ramp = {10, 10, 10, 10, 10};
  ScaleFrom(ramp, 1, 0.4, 3);
  EXPECT_DOUBLE_EQ(ramp[0], 10);
  EXPECT_DOUBLE_EQ(ramp[1], 8);
  EXPECT_DOUBLE_EQ(ramp[2], 6);
  EXPECT_DOUBLE_EQ(ramp[3], 4);
  EXPECT_DOUBLE_EQ(ramp[4], 4);
}

TEST(SimulationEffectsTest, ScaleAtIgnoresIndicesOutsideTheSeries) {
  std::vector<double> values = {1, 2, 3};
  ScaleAt(values, 1, 3.0);
  ScaleAt(values, 7, 3.0);
  EXPECT_EQ(values, (std::vector<double>{1, 6, 3}));
}

TEST(SimulationEffectsTest, MoveIntoBandMovesOnlyValuesFromTheSourceBand) {
  std::vector<double> days = {40.0, 56.0, 57.5, 79.9, 80.0, 90.0};
  Rng rng(1);
  EXPECT_EQ(MoveIntoBand(days, 56.0, 80.0, 53.0, 56.0, 1.0, rng), 3u);
  EXPECT_EQ(days[0], 40.0);
  for (std::size_t i = 1; i <= 3; ++i) {
    EXPECT_GE(days[i], 53.0);
    EXPECT_LT(days[i], 56.0);
  }
  EXPECT_EQ(days[4], 80.0);
  EXPECT_EQ(days[5], 90.0);
}

TEST(SimulationEffectsTest, MoveIntoBandWithProbabilityZeroMovesNothing) {
  std::vector<double> days = {57.0, 60.0};
  Rng rng(1);
  EXPECT_EQ(MoveIntoBand(days, 56.0, 80.0, 53.0, 56.0, 0.0, rng), 0u);
  EXPECT_EQ(days, (std::vector<double>{57.0, 60.0}));
}

TEST(SimulationEffectsTest, HuggingKeepsEveryValueJustAboveTheTargetAfterItsStart) {
  std::vector<double> marks = {6.2, 6.5, 6.8, 7.6, 6.1, 7.9};
  Rng rng(3);
  HugTarget(marks, 2, 7.0, 0.15, 0.35, rng);
  EXPECT_DOUBLE_EQ(marks[0], 6.2);
  EXPECT_DOUBLE_EQ(marks[1], 6.5);
  for (std::size_t i = 2; i < marks.size(); ++i) {
    EXPECT_GE(marks[i], 7.0);
    EXPECT_LE(marks[i], 7.0 + 0.35 * 0.9 + 1e-12);
  }
  EXPECT_DOUBLE_EQ(marks[3], 7.0 + 0.35 * 0.6);
}

TEST(SimulationEffectsTest, InventedAmountsAreRoundAndInRange) {
  std::vector<double> amounts(2000, 123.0);
  Rng rng(5);
  std::size_t invented = InventRoundAmounts(amounts, 0.3, 1000, 9999, 50, rng);
  EXPECT_NEAR(double(invented) / 2000.0, 0.3, 0.04);
  std::size_t changed = 0;
  for (double amount : amounts) {
    if (amount == 123.0) continue;
    ++changed;
    EXPECT_EQ(std::fmod(amount, 50.0), 0.0);
    EXPECT_GE(amount, 1000.0);
    EXPECT_LE(amount, 10000.0);
  }
  EXPECT_EQ(changed, invented);
}

TEST(SimulationEffectsTest, ShrinkingScalesTheVarianceAroundTheExpectedValue) {
  Rng rng(11);
  std::normal_distribution<double> noise(60.0, 5.0);
  std::vector<double> values(4000);
  for (double& v : values) v = noise(rng);
  std::vector<double> original = values;
  ShrinkTowardExpected(values, std::vector<double>(values.size(), 60.0), 0, 0.25);
  EXPECT_NEAR(VarianceOf(values) / VarianceOf(original), 0.25, 1e-9);
}

}  // namespace
}  // namespace kpiwatch::simulation
