// Bunching estimator, McCrary density test and the bootstrap helpers.
#include <gtest/gtest.h>

#include "detectors/stats/bootstrap.h"
#include "detectors/stats/bunching.h"
#include "detectors/stats/density.h"
#include "detectors/stats/robust.h"
#include "tests/support/simulate.h"

namespace kpiwatch::stats {
namespace {

std::vector<double> Normal(std::uint64_t seed, std::size_t n) {
  testing::Rng rng(seed);
  return testing::NormalNoise(rng, n, 1.0, 0.0);
}

BunchingDesign Design(bool above) {
  BunchingDesign design;
  design.threshold = 0.3;
  design.bin_width = 0.05;
  design.bunch_above = above;
  design.bunching_bins = 1;
  design.missing_bins = 10;
  design.fit_bins = 50;
  design.degree = 4;
  return design;
}

TEST(BunchingEstimatorTest, RecoversInjectedExcessMassOnEitherSide) {
  for (bool above : {true, false}) {
    std::vector<double> x = Normal(1, 20000);
    for (int i = 0; i < 300; ++i) x.push_back(above ? 0.31 : 0.3);  // 0.3 itself is below's band
    BunchingDesign design = Design(above);
    design.missing_bins = 2;
    auto estimator = BunchingEstimator::Create(design);
    ASSERT_TRUE(estimator.ok());
    auto estimate = estimator->Estimate(x);
    ASSERT_TRUE(estimate.ok());
    EXPECT_NEAR(estimate->excess_mass, 300.0, 60.0) << above;
    EXPECT_NEAR(estimate->missing_mass, 0.0, 4.0 * std::sqrt(estimate->counterfactual_missing)) << above;
  }
}

TEST(BunchingEstimatorTest, NullReplicatesGiveAPoissonSizedStandardError) {
  std::vector<double> x = Normal(2, 5000);
  auto estimator = BunchingEstimator::Create(Design(true));
  ASSERT_TRUE(estimator.ok());
  BootstrapRng rng(1);
  std::vector<double> replicates = estimator->NullReplicates(x, 300, rng);
  ASSERT_EQ(replicates.size(), 300u);
  double expected_count = 5000 * 0.05 * 0.381;  // n * w * phi(0.3)
  double se = BootstrapStandardError(replicates);
  EXPECT_GT(se, 0.9 * std::sqrt(expected_count));  // Poisson noise plus fit uncertainty
  EXPECT_LT(se, 1.5 * std::sqrt(expected_count));
  EXPECT_NEAR(Mean(replicates), 0.0, 0.3 * se);
}

TEST(BunchingEstimatorTest, RejectsDesignsWithoutRoomForTheFit) {
  BunchingDesign design = Design(true);
  design.fit_bins = 6;
  EXPECT_FALSE(BunchingEstimator::Create(design).ok());
  design = Design(true);
  design.bin_width = 0.0;
  EXPECT_FALSE(BunchingEstimator::Create(design).ok());
}

TEST(DensityTest, McCraryFindsAJumpAndNotItsAbsence) {
  std::vector<double> x = Normal(3, 4000);
  auto smooth = McCraryTest(x, 0.0, 0.05, 0.8);
  ASSERT_TRUE(smooth.ok());
  EXPECT_NEAR(smooth->density_above, 0.399, 0.05);
  EXPECT_LT(std::abs(smooth->z), 3.0);
  for (std::size_t i = 0; i < x.size(); i += 2) {
    if (x[i] > -0.5 && x[i] < 0.0) x[i] = -x[i];  // half of those just below move just above
  }
  auto jump = McCraryTest(x, 0.0, 0.05, 0.8);
  ASSERT_TRUE(jump.ok());
  EXPECT_GT(jump->z, 5.0);
  EXPECT_FALSE(McCraryTest(x, 0.0, 0.5, 0.4).ok());
}

TEST(BootstrapTest, SeededResamplesAndStandardErrorOfAMean) {
  std::vector<double> x = Normal(4, 400);
  BootstrapRng first(7), second(7);
  EXPECT_EQ(Resample(x, first), Resample(x, second));
  auto replicates = BootstrapReplicates(x, 500, first, [](std::span<const double> s) { return Mean(s); });
  EXPECT_NEAR(BootstrapStandardError(replicates), 1.0 / 20.0, 0.01);
  EXPECT_TRUE(BootstrapReplicates({}, 10, first, [](std::span<const double>) { return 0.0; }).empty());
}

}  // namespace
}  // namespace kpiwatch::stats
