// PELT search: exactly the optimal segmentation (against brute-force optimal
// partitioning) for every cost, penalty and minimum segment length.
#include "detectors/segment/pelt.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "detectors/segment/penalty.h"
#include "tests/support/optimal_partitioning.h"
#include "tests/support/simulate.h"

namespace kpiwatch::segment {
namespace {

using testing::Rng;

// A random piecewise-constant series of the cost's kind with 0-4 changes.
std::vector<double> RandomSeries(Rng& rng, CostKind kind, std::size_t n) {
  std::uniform_int_distribution<int> changes(0, 4);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<double> x;
  int count = changes(rng);
  std::vector<std::size_t> cuts = {0, n};
  for (int i = 0; i < count; ++i) cuts.push_back(1 + static_cast<std::size_t>(unit(rng) * (n - 2)));
  std::sort(cuts.begin(), cuts.end());
  for (std::size_t k = 0; k + 1 < cuts.size(); ++k) {
    std::size_t length = cuts[k + 1] - cuts[k];
    std::vector<double> part;
    if (kind == CostKind::kPoisson) {
      part = testing::PoissonCounts(rng, length, 1.0 + 8.0 * unit(rng));
    } else {
      double sd = kind == CostKind::kNormalMeanVariance ? 0.5 + 2.0 * unit(rng) : 1.0;
      part = testing::NormalNoise(rng, length, sd, 4.0 * unit(rng));
    }
    x.insert(x.end(), part.begin(), part.end());
  }
  return x;
}

struct ExactnessCase {
  CostKind kind;
  const char* penalty;
  std::size_t min_segment;
};

class PeltExactnessTest : public ::testing::TestWithParam<ExactnessCase> {};

TEST_P(PeltExactnessTest, EqualsBruteForceOptimalPartitioning) {
  const ExactnessCase& c = GetParam();
  Rng rng(1000 + static_cast<int>(c.kind) * 10 + c.min_segment);
  std::uniform_int_distribution<std::size_t> length(5, 120);
  int identical = 0;
  const int kSeries = 200;
  for (int i = 0; i < kSeries; ++i) {
    std::vector<double> x = RandomSeries(rng, c.kind, length(rng));
    auto cost = MakeSegmentCost(c.kind, x);
    ASSERT_TRUE(cost.ok());
    double penalty = PenaltyValue(*ParsePenalty(c.penalty), x.size(), (*cost)->ParametersPerSegment());
    Segmentation pelt = Pelt(**cost, penalty, c.min_segment);
    Segmentation brute = testing::OptimalPartitioning(**cost, penalty, c.min_segment);
    EXPECT_NEAR(pelt.penalised_cost, brute.penalised_cost, 1e-7 * (1.0 + std::abs(brute.penalised_cost)))
        << "series " << i << " n=" << x.size();
    EXPECT_EQ(pelt.change_points, brute.change_points) << "series " << i << " n=" << x.size();
    EXPECT_NEAR(PenalisedCost(**cost, pelt.change_points, penalty), pelt.penalised_cost, 1e-7);
    identical += pelt.change_points == brute.change_points ? 1 : 0;
  }
  std::printf("[exactness] cost=%s penalty=%s min_segment=%zu: %d/%d identical segmentations\n",
              CostKindName(c.kind), c.penalty, c.min_segment, identical, kSeries);
}

INSTANTIATE_TEST_SUITE_P(
    EveryCostAndPenalty, PeltExactnessTest,
    ::testing::Values(ExactnessCase{CostKind::kNormalMean, "mbic", 1},
                      ExactnessCase{CostKind::kNormalMean, "bic", 3},
                      ExactnessCase{CostKind::kNormalMean, "aic", 5},
                      ExactnessCase{CostKind::kNormalMean, "2", 2},
                      ExactnessCase{CostKind::kNormalMeanVariance, "mbic", 2},
                      ExactnessCase{CostKind::kNormalMeanVariance, "bic", 4},
                      ExactnessCase{CostKind::kNormalMeanVariance, "aic", 3},
                      ExactnessCase{CostKind::kNormalMeanVariance, "5", 2},
                      ExactnessCase{CostKind::kPoisson, "mbic", 1},
                      ExactnessCase{CostKind::kPoisson, "bic", 2},
                      ExactnessCase{CostKind::kPoisson, "aic", 4},
                      ExactnessCase{CostKind::kPoisson, "3", 1}),
    [](const ::testing::TestParamInfo<ExactnessCase>& param_info) {
      const ExactnessCase& c = param_info.param;
      return std::string(CostKindName(c.kind)) + "_" + c.penalty + "_m" + std::to_string(c.min_segment);
    });

TEST(PeltTest, FindsTwoClearShiftsAtTheirRows) {
  Rng rng(7);
  std::vector<double> x = testing::NormalNoise(rng, 90);
  testing::AddShift(x, 30, 4.0);
  testing::AddShift(x, 60, -4.0);
  auto cost = MakeSegmentCost(CostKind::kNormalMean, x);
  Segmentation result = Pelt(**cost, PenaltyValue({}, x.size(), 1), 1);
  EXPECT_EQ(result.change_points, (std::vector<std::size_t>{30, 60}));
}

TEST(PeltTest, ShortSeriesHasNoChange) {
  auto cost = MakeSegmentCost(CostKind::kNormalMean, std::vector<double>{1, 9, 1});
  EXPECT_TRUE(Pelt(**cost, 1.0, 2).change_points.empty());
}

TEST(PeltTest, LongPureNoiseSeriesStaysUnsegmented) {
  Rng rng(8);
  std::vector<double> x = testing::NormalNoise(rng, 20000);
  auto cost = MakeSegmentCost(CostKind::kNormalMean, x);
  EXPECT_TRUE(Pelt(**cost, PenaltyValue({}, x.size(), 1), 1).change_points.empty());
}

}  // namespace
}  // namespace kpiwatch::segment
