// Quantiles by selection must equal R's type-7 quantile of the sorted values: for the small
// inputs of the branch-free quickselect (ties, sorted runs) and for the large inputs that
// take the sampled selection (and its fallback when the sample misleads).
#include "detectors/stats/robust.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "tests/support/simulate.h"

namespace kpiwatch::stats {
namespace {

double SortedQuantile(std::vector<double> x, double p) {
  std::sort(x.begin(), x.end());
  double h = (static_cast<double>(x.size()) - 1.0) * p;
  auto lower = static_cast<std::size_t>(std::floor(h));
  if (lower + 1 >= x.size()) return x[lower];
  return x[lower] + (h - static_cast<double>(lower)) * (x[lower + 1] - x[lower]);
}

// Inputs of the shapes that can defeat a sample: ties, order, a period that matches the
// sampling stride, a constant, heavy tails, and a block of extremes.
std::vector<std::pair<std::string, std::vector<double>>> Shapes(std::size_t n, testing::Rng& rng) {
  std::vector<std::pair<std::string, std::vector<double>>> shapes;
  std::vector<double> normal = testing::NormalNoise(rng, n);
  shapes.push_back({"normal", normal});
  std::vector<double> ties(n);
  for (std::size_t i = 0; i < n; ++i) ties[i] = std::round(normal[i] * 2.0);
  shapes.push_back({"ties", ties});
  std::vector<double> ascending(normal);
  std::sort(ascending.begin(), ascending.end());
  shapes.push_back({"ascending", ascending});
  shapes.push_back({"descending", std::vector<double>(ascending.rbegin(), ascending.rend())});
  std::vector<double> periodic(n);
  std::size_t period = std::max<std::size_t>(n / 2048, 1);  // the sample's stride
  for (std::size_t i = 0; i < n; ++i) periodic[i] = i % period == 0 ? -1000.0 + static_cast<double>(i % 7) : normal[i];
  shapes.push_back({"stride-periodic", periodic});
  shapes.push_back({"constant", std::vector<double>(n, 3.5)});
  std::vector<double> heavy(n);
  for (std::size_t i = 0; i < n; ++i) heavy[i] = normal[i] / (std::abs(normal[(i * 7919) % n]) + 1e-3);
  shapes.push_back({"heavy-tailed", heavy});
  std::vector<double> extremes(normal);
  std::fill(extremes.begin(), extremes.begin() + static_cast<std::ptrdiff_t>(n / 3), 1e300);
  shapes.push_back({"third-extreme", extremes});
  return shapes;
}

TEST(RobustTest, QuantileEqualsTheSortedDefinitionForSmallAndLargeInputs) {
  testing::Rng rng(11);
  int checked = 0;
  for (std::size_t n : {1u, 2u, 7u, 16u, 17u, 33u, 120u, 257u, 1000u, 4095u, 4096u, 5001u, 100000u, 100001u}) {
    for (const auto& [shape, x] : Shapes(n, rng)) {
      for (double p : {0.0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.999, 1.0}) {
        EXPECT_EQ(Quantile(x, p), SortedQuantile(x, p)) << shape << " n=" << n << " p=" << p;
        ++checked;
      }
      EXPECT_EQ(Median(x), SortedQuantile(x, 0.5)) << shape << " n=" << n;
    }
  }
  EXPECT_EQ(checked, 14 * 8 * 8);
}

TEST(RobustTest, MadIsTheScaledMedianOfAbsoluteDeviations) {
  testing::Rng rng(12);
  for (std::size_t n : {9u, 4096u, 50001u}) {
    std::vector<double> x = testing::NormalNoise(rng, n, 2.0, 10.0);
    double center = SortedQuantile(x, 0.5);
    std::vector<double> deviations;
    for (double v : x) deviations.push_back(std::abs(v - center));
    EXPECT_EQ(Mad(x), kMadToSd * SortedQuantile(deviations, 0.5)) << "n=" << n;
    EXPECT_NEAR(Mad(x), 2.0, n > 1000 ? 0.1 : 2.0);
  }
}

}  // namespace
}  // namespace kpiwatch::stats
