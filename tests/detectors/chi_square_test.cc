// Pearson chi-square goodness of fit and 2x2 tests, checked by hand.
#include "detectors/stats/chi_square.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace kpiwatch::stats {
namespace {

TEST(ChiSquareTest, GoodnessOfFitByHand) {
  std::vector<double> observed = {10, 20, 30};
  auto result = ChiSquareGoodnessOfFit(observed, std::vector<double>{1, 1, 1});  // rescaled to 1/3
  ASSERT_TRUE(result.ok());
  EXPECT_DOUBLE_EQ(result->statistic, 10.0);
  EXPECT_EQ(result->df, 2.0);
  EXPECT_NEAR(result->p_value, std::exp(-5.0), 1e-12);  // chi2(2) tail = exp(-x/2)
}

TEST(ChiSquareTest, TwoByTwoByHandWithSignedRoot) {
  auto result = ChiSquareTwoByTwo(10, 20, 30, 40);
  ASSERT_TRUE(result.ok());
  EXPECT_NEAR(result->chi_square.statistic, 4.0 / 12 + 4.0 / 18 + 4.0 / 28 + 4.0 / 42, 1e-12);
  EXPECT_LT(result->z, 0.0);  // 10/30 < 30/70
  EXPECT_NEAR(result->z * result->z, result->chi_square.statistic, 1e-12);
}

TEST(ChiSquareTest, RejectsBadInput) {
  EXPECT_FALSE(ChiSquareGoodnessOfFit(std::vector<double>{1}, std::vector<double>{1}).ok());
  EXPECT_FALSE(ChiSquareGoodnessOfFit(std::vector<double>{1, -1}, std::vector<double>{1, 1}).ok());
  EXPECT_FALSE(ChiSquareGoodnessOfFit(std::vector<double>{1, 1}, std::vector<double>{1, 0}).ok());
  EXPECT_FALSE(ChiSquareTwoByTwo(0, 0, 1, 1).ok());
}

}  // namespace
}  // namespace kpiwatch::stats
