// Newey-West HAC covariance and the window/trend tests built on it.
#include "detectors/stats/newey_west.h"

#include <gtest/gtest.h>

#include "tests/support/simulate.h"

namespace kpiwatch::stats {
namespace {

TEST(NeweyWestTest, RuleOfThumbLag) {
  EXPECT_EQ(NeweyWestLag(100), 4);
  EXPECT_EQ(NeweyWestLag(48), 3);
  EXPECT_EQ(NeweyWestLag(24), 2);
  EXPECT_EQ(NeweyWestLag(1), 0);
}

TEST(NeweyWestTest, LagZeroIsTheWhiteCovarianceOfAMean) {
  // Intercept only: V = sum e^2 / n^2.
  Eigen::MatrixXd x = Eigen::MatrixXd::Ones(4, 1);
  Eigen::VectorXd e(4);
  e << 1, -1, 2, -2;
  auto v = NeweyWestCovariance(x, e, 0, false);
  ASSERT_TRUE(v.ok());
  EXPECT_DOUBLE_EQ((*v)(0, 0), 10.0 / 16.0);
  // Lag 1 adds 2 * (1/2) * sum e_t e_{t-1} = (-1 - 2 - 4) = -7.
  auto v1 = NeweyWestCovariance(x, e, 1, false);
  EXPECT_DOUBLE_EQ((*v1)(0, 0), (10.0 - 7.0) / 16.0);
}

TEST(NeweyWestTest, MeanShiftRecoversTheStep) {
  testing::Rng rng(3);
  std::vector<double> y = testing::Ar1Noise(rng, 200, 0.3, 0.1);
  testing::AddShift(y, 100, 1.0);
  auto test = HacMeanShift(std::span(y).first(100), std::span(y).subspan(100), -1);
  ASSERT_TRUE(test.ok());
  EXPECT_NEAR(test->estimate, 1.0, 0.1);
  EXPECT_EQ(test->lag, 4);
  EXPECT_LT(test->p_greater, 1e-6);
  EXPECT_GT(test->p_less, 0.999);
}

TEST(NeweyWestTest, TrendSlope) {
  std::vector<double> y;
  for (int i = 0; i < 30; ++i) y.push_back(0.5 * i + (i % 2 ? 0.1 : -0.1));
  auto test = HacTrendSlope(y, 2);
  ASSERT_TRUE(test.ok());
  EXPECT_NEAR(test->estimate, 0.5, 0.01);
  EXPECT_FALSE(HacTrendSlope(std::vector<double>{1, 2}, 1).ok());
}

}  // namespace
}  // namespace kpiwatch::stats
