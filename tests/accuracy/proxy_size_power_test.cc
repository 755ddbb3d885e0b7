// Size and power of proxy_drift (default parameters: prewhitened sup-F decides) on
// simulated proxy/outcome pairs of 120 periods:
//   proxy_t   AR(1), phi = 0.5, unit variance (a persistent administrative count);
//   outcome_t = 10 + b_t proxy_t + e_t, e AR(1) with phi = 0.3 and marginal sd 0.5,
// so the proxy explains 80% of the outcome's variance before any break.
// Size: b constant (1.0); at most alpha + 0.02 of 1,000 runs may raise a finding.
// Power: b halves (1.0 -> 0.5) at a uniformly drawn period in the middle 70%; at least
// 80% of 1,000 runs must raise a finding. Rates of the individual tests are printed.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>

#include "detectors/core/registry.h"
#include "detectors/proxy/drift_tests.h"
#include "tests/support/simulate.h"

namespace kpiwatch {
namespace {

constexpr std::size_t kPeriods = 120;
constexpr int kRuns = 1000;
constexpr double kAlpha = 0.05;

DetectorInput SimulatePair(testing::Rng& rng, std::size_t break_row, double slope_after) {
  std::vector<double> proxy = testing::Ar1Noise(rng, kPeriods, 0.5, std::sqrt(1.0 - 0.25));
  std::vector<double> noise = testing::Ar1Noise(rng, kPeriods, 0.3, 0.5 * std::sqrt(1.0 - 0.09));
  DetectorInput input;
  input.indicator.id = "schulden.zorgverzekering_wanbetalers";
  input.series.indicator = input.indicator.id;
  input.series.values = proxy;
  RelatedSeries outcome;
  outcome.relation = Relation::kOutcome;
  outcome.indicator.id = "schulden.huishoudens_problematisch";
  outcome.series.values.resize(kPeriods);
  for (std::size_t t = 0; t < kPeriods; ++t) {
    outcome.series.values[t] = 10.0 + (t < break_row ? 1.0 : slope_after) * proxy[t] + noise[t];
  }
  input.related.push_back(outcome);
  return input;
}

struct Rates {
  int detector = 0;
  int sup_f = 0;
  int rec_cusum = 0;
  int ols_cusum = 0;
  int correlation = 0;
  int date_within_6 = 0;  // detector findings whose break date is within 6 periods
};

Rates Simulate(std::uint64_t seed, bool with_break) {
  testing::Rng rng(seed);
  std::uniform_int_distribution<std::size_t> break_draw(18, 102);  // middle 70% of 120
  const DetectorRegistry& registry = DetectorRegistry::Builtin();
  Rates rates;
  for (int run = 0; run < kRuns; ++run) {
    const std::size_t break_row = with_break ? break_draw(rng) : kPeriods;
    DetectorInput input = SimulatePair(rng, break_row, with_break ? 0.5 : 1.0);
    Result<DetectorOutcome> outcome = registry.Run("proxy_drift", input, {});
    EXPECT_TRUE(outcome.ok());
    if (outcome.ok() && !outcome->findings.empty()) {
      ++rates.detector;
      const std::size_t found = outcome->findings.front().index;
      if (std::abs(static_cast<double>(found) - static_cast<double>(break_row)) <= 6) ++rates.date_within_6;
    }
    Result<proxy::ProxyDesign> design = proxy::BuildProxyDesign(input, false);
    Result<proxy::DriftTestResults> tests = proxy::RunDriftTests(*design, {});
    EXPECT_TRUE(tests.ok());
    rates.sup_f += tests->sup_f.p_value <= kAlpha;
    rates.rec_cusum += tests->recursive_cusum.p_value <= kAlpha;
    rates.ols_cusum += tests->ols_cusum.p_value <= kAlpha;
    rates.correlation += tests->correlation->test.p_value <= kAlpha;
  }
  return rates;
}

void Print(const char* what, const Rates& rates) {
  std::printf("%s over %d runs: proxy_drift %.3f | sup_f %.3f rec_cusum %.3f ols_cusum %.3f "
              "correlation %.3f | break date within 6 periods %.3f of findings\n",
              what, kRuns, rates.detector / double(kRuns), rates.sup_f / double(kRuns),
              rates.rec_cusum / double(kRuns), rates.ols_cusum / double(kRuns),
              rates.correlation / double(kRuns),
              rates.detector > 0 ? rates.date_within_6 / double(rates.detector) : 0.0);
}

TEST(ProxyDriftAccuracy, SizeUnderAr1ErrorsIsAtMostAlphaPlus002) {
  Rates rates = Simulate(11, false);
  Print("size", rates);
  EXPECT_LE(rates.detector / double(kRuns), kAlpha + 0.02);
}

TEST(ProxyDriftAccuracy, PowerWhenTheSlopeHalvesIsAtLeast80Percent) {
  Rates rates = Simulate(12, true);
  Print("power", rates);
  EXPECT_GE(rates.detector / double(kRuns), 0.8);
}

}  // namespace
}  // namespace kpiwatch
