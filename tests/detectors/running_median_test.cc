// The centred running median against a median per window (stats::Median), on windows
// with and without ties, at the ends of the series and for windows longer than it.
#include "detectors/stats/running_median.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "detectors/stats/robust.h"
#include "tests/support/simulate.h"

namespace kpiwatch {
namespace {

std::vector<double> MedianPerWindow(const std::vector<double>& x, std::size_t half_width) {
  std::vector<double> out(x.size());
  for (std::size_t t = 0; t < x.size(); ++t) {
    std::size_t begin = t > half_width ? t - half_width : 0;
    std::size_t end = std::min(x.size(), t + half_width + 1);
    out[t] = stats::Median(std::span<const double>(x).subspan(begin, end - begin));
  }
  return out;
}

TEST(RunningMedianTest, EqualsTheMedianOfEachWindow) {
  for (int seed = 0; seed < 60; ++seed) {
    testing::Rng rng(4000 + seed);
    const std::size_t length = static_cast<std::size_t>(seed) * 7;  // 0 to 413 rows
    std::vector<double> x = testing::NormalNoise(rng, length, 2.0, 10.0);
    if (seed % 2 == 0) {
      for (double& v : x) v = std::round(v);  // ties in most windows
    }
    if (seed % 5 == 0) testing::AddShift(x, length / 2, 6.0);
    for (std::size_t half_width : {0, 1, 3, 4, 12, 40}) {
      ASSERT_EQ(stats::CentredRunningMedian(x, half_width), MedianPerWindow(x, half_width))
          << "seed " << seed << " half width " << half_width;
    }
  }
}

TEST(RunningMedianTest, HandlesConstantRunsAndSortedInput) {
  std::vector<double> x;
  for (int i = 0; i < 50; ++i)
    x.push_back(i < 20 ? 5.0 : (i < 35 ? static_cast<double>(i) : -1.0 * i));
  for (std::size_t half_width : {2, 5, 13}) {
    EXPECT_EQ(stats::CentredRunningMedian(x, half_width), MedianPerWindow(x, half_width));
  }
  EXPECT_EQ(stats::CentredRunningMedian(std::vector<double>{3.0}, 4), std::vector<double>{3.0});
}

}  // namespace
}  // namespace kpiwatch
