// Brown-Forsythe test of equal spread, checked by hand.
#include "detectors/stats/brown_forsythe.h"

#include <gtest/gtest.h>

namespace kpiwatch::stats {
namespace {

TEST(BrownForsytheTest, ByHand) {
  // |y - median|: {1, 0, 1} and {2, 0, 2}; between SS 2/3 (df 1), within SS 30/9 (df 4).
  auto result = BrownForsythe({{1, 2, 3}, {1, 3, 5}});
  ASSERT_TRUE(result.ok());
  EXPECT_NEAR(result->f, 0.8, 1e-12);
  EXPECT_EQ(result->df_between, 1.0);
  EXPECT_EQ(result->df_within, 4.0);
  EXPECT_NEAR(result->mean_absolute_deviation[1], 4.0 / 3.0, 1e-12);
  EXPECT_GT(result->p_value, 0.3);
}

TEST(BrownForsytheTest, RejectsTooSmallGroups) {
  EXPECT_FALSE(BrownForsythe({{1, 2, 3}}).ok());
  EXPECT_FALSE(BrownForsythe({{1, 2, 3}, {4}}).ok());
  EXPECT_FALSE(BrownForsythe({{1, 1}, {2, 2}}).ok());
}

}  // namespace
}  // namespace kpiwatch::stats
