// The BOCPD filter against a textbook transcription of Adams and MacKay (2007): without
// pruning, its change probabilities must equal those of the run-length recursion written
// out with Student-t densities from lgamma, one hypothesis at a time, in plain doubles.
// The filter computes the same posterior with per-run-length tables, libmvec's log and exp
// and densities relative to the prior predictive; this pins that those shortcuts change
// nothing beyond rounding.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "detectors/shift/bocpd.h"
#include "detectors/stats/noise_scale.h"
#include "detectors/stats/robust.h"
#include "tests/support/simulate.h"

namespace kpiwatch {
namespace {

// The prior documented in bocpd.h, on the standardised values.
constexpr double kMu0 = 0.0, kKappa0 = 0.1, kAlpha0 = 1.0, kBeta0 = 1.0;

struct Posterior {
  std::size_t start;
  double probability, mu, kappa, alpha, beta;
};

double LogStudentT(double x, const Posterior& h) {
  double nu = 2.0 * h.alpha;
  double scale2 = h.beta * (h.kappa + 1.0) / (h.alpha * h.kappa);
  double z = (x - h.mu) * (x - h.mu) / (nu * scale2);
  return std::lgamma((nu + 1.0) / 2.0) - std::lgamma(nu / 2.0) -
         0.5 * std::log(nu * M_PI * scale2) - (nu + 1.0) / 2.0 * std::log1p(z);
}

// P(a segment starts within +-2 rows of c | x[0..min(c + lag, n - 1)]), start row 0 not a
// change, by the plain recursion over every start row.
std::vector<double> ReferenceChangeProbabilities(const std::vector<double>& values,
                                                 double hazard_lambda, std::size_t lag) {
  // Standardised as the filter does without prewhitening: median and robust noise sd.
  std::vector<double> y = values;
  double center = stats::Median(y);
  double scale = stats::EstimateNoiseScale(values).sd;
  for (double& v : y) v = (v - center) / scale;

  const double hazard = 1.0 / hazard_lambda;
  std::vector<Posterior> hypotheses;
  std::vector<double> result(y.size(), 0.0);
  auto start_probability = [&](std::size_t c) {
    double p = 0.0;
    for (const Posterior& h : hypotheses) {
      if (h.start > 0 && h.start + 2 >= c && h.start <= c + 2) p += h.probability;
    }
    return p;
  };
  for (std::size_t row = 0; row < y.size(); ++row) {
    const double x = y[row];
    Posterior fresh{row, 0.0, kMu0, kKappa0, kAlpha0, kBeta0};
    double total_before = 0.0;
    for (const Posterior& h : hypotheses) total_before += h.probability;
    fresh.probability =
        (hypotheses.empty() ? 1.0 : hazard * total_before) * std::exp(LogStudentT(x, fresh));
    for (Posterior& h : hypotheses) h.probability *= (1.0 - hazard) * std::exp(LogStudentT(x, h));
    hypotheses.push_back(fresh);
    double total = 0.0;
    for (const Posterior& h : hypotheses) total += h.probability;
    for (Posterior& h : hypotheses) {
      h.probability /= total;
      double d = x - h.mu;
      h.beta += h.kappa * d * d / (2.0 * (h.kappa + 1.0));
      h.mu = (h.kappa * h.mu + x) / (h.kappa + 1.0);
      h.kappa += 1.0;
      h.alpha += 0.5;
    }
    if (row >= lag && row - lag > 0) result[row - lag] = start_probability(row - lag);
  }
  for (std::size_t c = y.size() > lag ? y.size() - lag : 1; c < y.size(); ++c)
    result[c] = start_probability(c);
  return result;
}

TEST(BocpdFilterTest, UnprunedFilterEqualsTheTextbookRecursion) {
  shift::BocpdOptions options;
  options.prewhiten = false;
  options.prune_threshold = 0.0;
  options.max_hypotheses = 100000;
  double largest_difference = 0.0;
  for (int seed = 0; seed < 40; ++seed) {
    testing::Rng rng(500 + seed);
    std::vector<double> x = testing::NormalNoise(rng, 150 + 10 * seed, 1.0 + seed % 3, 20.0);
    if (seed % 2 == 1) testing::AddShift(x, 40 + seed, 1.0 + seed % 4);
    if (seed % 4 == 3) testing::AddShift(x, 120, -2.0);
    options.hazard_lambda = seed % 3 == 0 ? 100.0 : 30.0;
    options.lag = 3 + seed % 5;
    std::vector<double> filter = shift::BocpdChangeProbabilities(x, options);
    std::vector<double> reference =
        ReferenceChangeProbabilities(x, options.hazard_lambda, options.lag);
    ASSERT_EQ(filter.size(), reference.size());
    for (std::size_t c = 0; c < filter.size(); ++c) {
      ASSERT_NEAR(filter[c], reference[c], 1e-9) << "seed " << seed << " row " << c;
      largest_difference = std::max(largest_difference, std::abs(filter[c] - reference[c]));
    }
  }
  std::printf("bocpd filter vs textbook recursion, 40 series: largest difference %.3g\n",
              largest_difference);
}

// With pruning the filter differs from the recursion only where a dropped start row held
// probability: on a series with one clear change both report it at the same row.
TEST(BocpdFilterTest, PrunedFilterFindsTheRecursionsChange) {
  testing::Rng rng(77);
  std::vector<double> x = testing::NormalNoise(rng, 300, 1.0, 10.0);
  testing::AddShift(x, 170, 3.0);
  shift::BocpdOptions options;
  options.prewhiten = false;
  std::vector<double> pruned = shift::BocpdChangeProbabilities(x, options);
  std::vector<double> reference =
      ReferenceChangeProbabilities(x, options.hazard_lambda, options.lag);
  std::size_t pruned_peak = 0, reference_peak = 0;
  for (std::size_t c = 0; c < x.size(); ++c) {
    if (pruned[c] > pruned[pruned_peak]) pruned_peak = c;
    if (reference[c] > reference[reference_peak]) reference_peak = c;
  }
  EXPECT_EQ(pruned_peak, reference_peak);
  EXPECT_NEAR(pruned[pruned_peak], reference[reference_peak], 0.01);
  EXPECT_GT(reference[reference_peak], 0.8);
}

}  // namespace
}  // namespace kpiwatch
