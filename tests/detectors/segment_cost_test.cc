// Segment costs: values against closed forms, the split inequality PELT relies on,
// functional-pruning intervals, and penalties.
#include "detectors/segment/segment_cost.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "detectors/segment/normal_mean_cost.h"
#include "detectors/segment/normal_meanvar_cost.h"
#include "detectors/segment/penalty.h"
#include "detectors/stats/robust.h"
#include "tests/support/simulate.h"

namespace kpiwatch::segment {
namespace {

using testing::Rng;

std::unique_ptr<SegmentCost> Make(CostKind kind, const std::vector<double>& x, bool correction = true) {
  auto cost = MakeSegmentCost(kind, x, {.autocorrelation_correction = correction});
  EXPECT_TRUE(cost.ok()) << cost.status().ToString();
  return std::move(cost).value();
}

TEST(SegmentCostTest, NormalMeanCostIsResidualSumOfSquaresOverRobustVariance) {
  Rng rng(1);
  std::vector<double> x = testing::NormalNoise(rng, 50, 2.0, 10.0);
  auto cost = Make(CostKind::kNormalMean, x, /*correction=*/false);
  double sigma = stats::DifferenceMad(x);
  std::span<const double> part(x.data() + 5, 20);
  double mean = stats::Mean(part);
  double rss = 0.0;
  for (double v : part) rss += (v - mean) * (v - mean);
  EXPECT_NEAR(cost->Cost(5, 25), rss / (sigma * sigma), 1e-9);
  EXPECT_NEAR(cost->SegmentMean(5, 25), mean, 1e-9);
  EXPECT_EQ(cost->ParametersPerSegment(), 1);
}

TEST(SegmentCostTest, AutocorrelationCorrectionInflatesTheVarianceForAr1Noise) {
  Rng rng(2);
  std::vector<double> x = testing::Ar1Noise(rng, 5000, 0.5);
  NormalMeanCost corrected(x, true);
  NormalMeanCost plain(x, false);
  EXPECT_NEAR(corrected.noise().lag1, 0.5, 0.08);
  // Long-run sd of AR(1) with unit innovations and phi 0.5 is 1 / (1 - 0.5) = 2.
  EXPECT_NEAR(corrected.sigma(), 2.0, 0.3);
  EXPECT_LT(plain.sigma(), 1.2);
}

TEST(SegmentCostTest, MeanVarianceCostMatchesTheNormalLikelihood) {
  std::vector<double> x = {1, 2, 4, 8, 3, 5, 7, 2, 9, 4};
  auto cost = Make(CostKind::kNormalMeanVariance, x);
  std::span<const double> part(x.data() + 2, 6);
  double mean = stats::Mean(part);
  double rss = 0.0;
  for (double v : part) rss += (v - mean) * (v - mean);
  // Standardising by a scale c shifts each cost by n log(c^2), which cancels between
  // segmentations of the same rows: compare the gain of a split.
  double gain = cost->Cost(0, 10) - cost->Cost(0, 4) - cost->Cost(4, 10);
  auto loglik_cost = [&](std::size_t a, std::size_t b) {
    std::span<const double> seg(x.data() + a, b - a);
    double m = stats::Mean(seg), r = 0.0;
    for (double v : seg) r += (v - m) * (v - m);
    double n = static_cast<double>(b - a);
    return n * std::log(r / n) + n;
  };
  EXPECT_NEAR(gain, loglik_cost(0, 10) - loglik_cost(0, 4) - loglik_cost(4, 10), 1e-9);
  auto* meanvar = dynamic_cast<NormalMeanVarianceCost*>(cost.get());
  ASSERT_NE(meanvar, nullptr);
  EXPECT_NEAR(meanvar->SegmentSd(2, 8), std::sqrt(rss / 6.0), 1e-9);
  EXPECT_EQ(cost->MinimumSegment(), 2u);
}

TEST(SegmentCostTest, PoissonCostIsTwiceTheNegativeLogLikelihood) {
  std::vector<double> x = {3, 0, 2, 5, 4, 1, 0, 0, 7, 2};
  auto cost = Make(CostKind::kPoisson, x);
  double sum = 3 + 0 + 2 + 5;
  EXPECT_NEAR(cost->Cost(0, 4), 2.0 * (sum - sum * std::log(sum / 4.0)), 1e-12);
  EXPECT_EQ(cost->Cost(6, 8), 0.0);  // all zero: rate 0, cost 0
  EXPECT_NEAR(cost->SegmentMean(0, 4), 2.5, 1e-12);
}

TEST(SegmentCostTest, EverySplitLowersTheCost) {
  Rng rng(3);
  std::vector<double> normal = testing::NormalNoise(rng, 60);
  std::vector<double> counts = testing::PoissonCounts(rng, 60, 3.0);
  for (auto [kind, x] : {std::pair{CostKind::kNormalMean, normal},
                         std::pair{CostKind::kNormalMeanVariance, normal},
                         std::pair{CostKind::kPoisson, counts}}) {
    auto cost = Make(kind, x);
    for (std::size_t a = 0; a < 50; a += 7) {
      for (std::size_t b = a + 4; b < 60; b += 5) {
        for (std::size_t split = a + 2; split + 2 <= b; ++split) {
          EXPECT_LE(cost->Cost(a, split) + cost->Cost(split, b), cost->Cost(a, b) + 1e-9)
              << CostKindName(kind) << " " << a << " " << split << " " << b;
        }
      }
    }
  }
}

TEST(SegmentCostTest, BatchCostsEqualSingleCosts) {
  Rng rng(4);
  std::vector<double> x = testing::PoissonCounts(rng, 40, 5.0);
  for (CostKind kind : {CostKind::kNormalMean, CostKind::kNormalMeanVariance, CostKind::kPoisson}) {
    auto cost = Make(kind, x);
    std::vector<std::size_t> begins = {0, 3, 10, 31};
    std::vector<double> costs(begins.size());
    cost->Costs(begins, 35, costs);
    for (std::size_t i = 0; i < begins.size(); ++i) {
      EXPECT_DOUBLE_EQ(costs[i], cost->Cost(begins[i], 35));
    }
  }
}

TEST(SegmentCostTest, MeanCostIntervalIsTheSublevelSetOfTheLoss) {
  std::vector<double> x = {0.1, -0.3, 0.8, 1.1, 0.4, -0.2, 0.9, 0.0};
  auto cost = Make(CostKind::kNormalMean, x, false);
  std::vector<std::size_t> begins = {2};
  std::vector<double> budgets = {1.5}, lower(1), upper(1);
  ASSERT_TRUE(cost->SublevelIntervals(begins, 7, budgets, lower, upper));
  // In standardised units the loss at theta is Cost + n (theta - mean)^2.
  EXPECT_NEAR(5.0 * std::pow((upper[0] - lower[0]) / 2.0, 2), 1.5, 1e-12);
  auto poisson = Make(CostKind::kPoisson, {1, 2, 3, 4});
  EXPECT_FALSE(poisson->SublevelIntervals(begins, 3, budgets, lower, upper));
}

TEST(SegmentCostTest, RejectsBadInputWithTheRow) {
  auto nan = MakeSegmentCost(CostKind::kNormalMean, std::vector<double>{1, NAN, 3});
  ASSERT_FALSE(nan.ok());
  EXPECT_NE(nan.status().message().find("row 1"), std::string::npos);
  auto negative = MakeSegmentCost(CostKind::kPoisson, std::vector<double>{1, 2, -3});
  ASSERT_FALSE(negative.ok());
  EXPECT_NE(negative.status().message().find("row 2"), std::string::npos);
  EXPECT_FALSE(ParseCostKind("l2").ok());
  EXPECT_EQ(*ParseCostKind("meanvar"), CostKind::kNormalMeanVariance);
}

TEST(PenaltyTest, ValuesFollowTheChangepointPackage) {
  EXPECT_NEAR(PenaltyValue(*ParsePenalty("mbic"), 100, 1), 3.0 * std::log(100.0), 1e-12);
  EXPECT_NEAR(PenaltyValue(*ParsePenalty("mbic"), 100, 2), 4.0 * std::log(100.0), 1e-12);
  EXPECT_NEAR(PenaltyValue(*ParsePenalty("bic"), 100, 1), 2.0 * std::log(100.0), 1e-12);
  EXPECT_NEAR(PenaltyValue(*ParsePenalty("aic"), 100, 2), 6.0, 1e-12);
  EXPECT_NEAR(PenaltyValue(*ParsePenalty("12.5"), 100, 2), 12.5, 1e-12);
  EXPECT_EQ(ParsePenalty("12.5")->ToString(), "12.5");
  Result<Penalty> bad = ParsePenalty("mbci");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("mbic, bic, aic"), std::string::npos);
  EXPECT_FALSE(ParsePenalty("-1").ok());
}

}  // namespace
}  // namespace kpiwatch::segment
