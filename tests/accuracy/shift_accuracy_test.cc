// Simulated benchmark with ground truth for the shift detectors, all at their defaults:
// precision, recall and F1 of change-point location (margin 5 rows) on piecewise-constant
// series, and the share of stationary series with any finding. Prints the table and
// asserts the targets of issue 3.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <string>

#include "detectors/core/registry.h"
#include "tests/support/change_point_metrics.h"
#include "tests/support/simulate.h"

namespace kpiwatch {
namespace {

using testing::Rng;

constexpr std::size_t kLength = 500;
constexpr std::size_t kMargin = 5;
constexpr int kSeriesPerScenario = 100;
constexpr int kStationarySeries = 300;
const char* const kDetectors[] = {"pelt", "binseg", "cusum", "bocpd", "outlier"};

struct Simulated {
  std::vector<double> values;
  std::vector<std::size_t> changes;  // first rows of new segments
};

// Segments of 10-100 rows; each new segment moves the level by +-shift * sd.
Simulated PiecewiseConstant(Rng& rng, double shift, const std::function<std::vector<double>(Rng&)>& noise) {
  Simulated s;
  s.values = noise(rng);
  std::uniform_int_distribution<std::size_t> length(10, 100);
  std::bernoulli_distribution up(0.5);
  for (std::size_t row = length(rng); row + 10 <= kLength; row += length(rng)) {
    s.changes.push_back(row);
    testing::AddShift(s.values, row, up(rng) ? shift : -shift);
  }
  return s;
}

Simulated PoissonSeries(Rng& rng) {
  Simulated s;
  std::uniform_int_distribution<std::size_t> length(10, 100);
  std::bernoulli_distribution up(0.5);
  double rate = 20.0;
  std::size_t row = 0;
  while (row < kLength) {
    std::size_t end = std::min(kLength, row + length(rng));
    if (kLength - end < 10) end = kLength;
    std::vector<double> part = testing::PoissonCounts(rng, end - row, rate);
    s.values.insert(s.values.end(), part.begin(), part.end());
    if (row > 0) s.changes.push_back(row);
    // A 2-sd move of the rate (sd = sqrt(rate)), kept away from 0.
    double step = 2.0 * std::sqrt(rate);
    rate = (up(rng) || rate - step < 5.0) ? rate + step : rate - step;
    if (rate > 60.0) rate -= 2.0 * step;
    row = end;
  }
  return s;
}

std::vector<std::size_t> Detect(const std::string& detector, const std::vector<double>& values,
                                const std::map<std::string, std::string>& params) {
  DetectorInput input;
  input.series.indicator = "sim";
  input.series.values = values;
  Result<DetectorOutcome> outcome = DetectorRegistry::Builtin().Run(detector, input, params);
  EXPECT_TRUE(outcome.ok()) << detector << ": " << outcome.status().ToString();
  std::vector<std::size_t> rows;
  if (outcome.ok()) {
    for (const Finding& f : outcome->findings) rows.push_back(f.index);
  }
  return rows;
}

struct Scenario {
  std::string name;
  std::function<Simulated(Rng&)> simulate;
  std::map<std::string, std::string> segmentation_params;  // for pelt and binseg
};

std::vector<Scenario> ChangeScenarios() {
  auto white = [](Rng& rng) { return testing::NormalNoise(rng, kLength); };
  auto ar1 = [](Rng& rng) { return testing::Ar1Noise(rng, kLength, 0.5, std::sqrt(1.0 - 0.25)); };
  auto seasonal = [](Rng& rng) {
    std::vector<double> x = testing::NormalNoise(rng, kLength);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] += 1.5 * std::sin(2.0 * M_PI * static_cast<double>(i) / 12.0);
    return x;
  };
  return {
      {"normal 1sd", [=](Rng& r) { return PiecewiseConstant(r, 1.0, white); }, {}},
      {"normal 2sd", [=](Rng& r) { return PiecewiseConstant(r, 2.0, white); }, {}},
      {"normal 3sd", [=](Rng& r) { return PiecewiseConstant(r, 3.0, white); }, {}},
      {"poisson 2sd", PoissonSeries, {{"cost", "poisson"}}},
      {"seasonal 2sd", [=](Rng& r) { return PiecewiseConstant(r, 2.0, seasonal); }, {}},
      {"ar1(0.5) 2sd", [=](Rng& r) { return PiecewiseConstant(r, 2.0, ar1); }, {}},
  };
}

TEST(ShiftAccuracyTest, PrecisionRecallF1AndFalseFindingRates) {
  std::map<std::string, std::map<std::string, testing::ChangePointCounts>> table;
  std::vector<Scenario> scenarios = ChangeScenarios();
  for (std::size_t k = 0; k < scenarios.size(); ++k) {
    Rng rng(7000 + k);
    for (int i = 0; i < kSeriesPerScenario; ++i) {
      Simulated s = scenarios[k].simulate(rng);
      for (const char* detector : kDetectors) {
        if (std::string(detector) == "outlier") continue;  // point anomalies, not changes
        bool segmentation = std::string(detector) == "pelt" || std::string(detector) == "binseg";
        std::vector<std::size_t> found =
            Detect(detector, s.values, segmentation ? scenarios[k].segmentation_params : std::map<std::string, std::string>{});
        table[scenarios[k].name][detector].Add(testing::MatchChangePoints(s.changes, found, kMargin));
      }
    }
  }
  std::map<std::string, std::map<std::string, double>> any_rate;
  const std::pair<const char*, std::function<std::vector<double>(Rng&)>> stationary[] = {
      {"white noise", [](Rng& rng) { return testing::NormalNoise(rng, kLength); }},
      {"ar1(0.5)", [](Rng& rng) { return testing::Ar1Noise(rng, kLength, 0.5); }}};
  for (const auto& [name, noise] : stationary) {
    Rng rng(std::string(name) == "white noise" ? 8001 : 8002);
    std::map<std::string, int> any;
    for (int i = 0; i < kStationarySeries; ++i) {
      std::vector<double> x = noise(rng);
      for (const char* detector : kDetectors) any[detector] += Detect(detector, x, {}).empty() ? 0 : 1;
    }
    for (const char* detector : kDetectors) any_rate[name][detector] = any[detector] / double(kStationarySeries);
  }

  std::printf("\n[accuracy] change-point location, margin %zu rows, %d series of %zu rows per scenario\n",
              kMargin, kSeriesPerScenario, kLength);
  std::printf("%-14s %-8s %9s %9s %9s\n", "scenario", "detector", "precision", "recall", "F1");
  for (const Scenario& scenario : scenarios) {
    for (const char* detector : kDetectors) {
      if (!table[scenario.name].count(detector)) continue;
      const auto& c = table[scenario.name][detector];
      std::printf("%-14s %-8s %9.3f %9.3f %9.3f\n", scenario.name.c_str(), detector, c.Precision(),
                  c.Recall(), c.F1());
    }
  }
  std::printf("[accuracy] share of %d stationary %zu-row series with any finding\n", kStationarySeries, kLength);
  std::printf("%-8s %12s %12s\n", "detector", "white noise", "ar1(0.5)");
  for (const char* detector : kDetectors) {
    std::printf("%-8s %12.3f %12.3f\n", detector, any_rate["white noise"][detector], any_rate["ar1(0.5)"][detector]);
  }

  for (const char* detector : {"pelt", "binseg"}) {
    EXPECT_GE(table["normal 2sd"][detector].F1(), 0.9) << detector;
  }
  for (const char* detector : {"pelt", "binseg", "bocpd", "outlier"}) {
    EXPECT_LE(any_rate["white noise"][detector], 0.05) << detector;
    EXPECT_LE(any_rate["ar1(0.5)"][detector], 0.10) << detector;
  }
}

}  // namespace
}  // namespace kpiwatch
