// Tail probabilities and Welch's test on degenerate input: values, never exceptions.
#include "detectors/stats/distributions.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "detectors/stats/welch.h"

namespace kpiwatch::stats {
namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

TEST(DistributionsTest, AgreeWithKnownValues) {
  EXPECT_NEAR(NormalTwoSided(1.959963984540054), 0.05, 1e-12);
  EXPECT_NEAR(StudentTwoSided(2.228138851986273, 10.0), 0.05, 1e-12);  // qt(0.975, 10)
  EXPECT_NEAR(ChiSquareUpperTail(3.841458820694124, 1.0), 0.05, 1e-12);
  EXPECT_NEAR(StudentQuantile(0.975, 10.0), 2.228138851986273, 1e-12);
  EXPECT_NEAR(ChiSquareQuantile(0.95, 1.0), 3.841458820694124, 1e-12);
}

// Found by fuzz_detectors: a NaN degrees of freedom from degenerate data made Boost.Math
// throw std::domain_error out of a detector.
TEST(DistributionsTest, InvalidParametersGiveNanInsteadOfThrowing) {
  EXPECT_NO_THROW({
    EXPECT_TRUE(std::isnan(StudentUpperTail(1.0, kNan)));
    EXPECT_TRUE(std::isnan(StudentUpperTail(1.0, -2.0)));
    EXPECT_TRUE(std::isnan(ChiSquareUpperTail(1.0, 0.0)));
    EXPECT_TRUE(std::isnan(FUpperTail(1.0, kNan, 3.0)));
    EXPECT_TRUE(std::isnan(StudentQuantile(0.5, kNan)));
    EXPECT_TRUE(std::isnan(ChiSquareLowerTail(2.0, kNan)));
  });
}

TEST(WelchTest, DegreesOfFreedomSurviveTinyAndHugeVariances) {
  // Variances of 1e-200 / n square to below the smallest double; the old formula divided
  // 0 by 0 and handed NaN degrees of freedom to the t distribution.
  const std::vector<double> before = {1e-100, 2e-100, 3e-100, 4e-100};
  const std::vector<double> after = {5e-100, 6e-100, 7e-100, 8e-100};
  const WelchTest tiny = RunWelchTest(before, after);
  EXPECT_NEAR(tiny.degrees_of_freedom, 6.0, 1e-9);  // equal variances and sizes: n1 + n2 - 2
  EXPECT_GT(tiny.t, 0.0);
  EXPECT_TRUE(tiny.p_value > 0.0 && tiny.p_value < 0.05);

  const WelchTest huge = RunWelchTest(std::vector<double>{-1e308, 1e308, 0.0},
                                      std::vector<double>{1e308, -1e308, 5.0});
  EXPECT_FALSE(std::isnan(huge.p_value));
  EXPECT_GE(huge.p_value, 0.0);
  EXPECT_LE(huge.p_value, 1.0);
}

}  // namespace
}  // namespace kpiwatch::stats
