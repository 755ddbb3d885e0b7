#include "detectors/stats/noise_scale.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "detectors/stats/robust.h"

namespace kpiwatch::stats {
namespace {

// Winsorisation point in robust standard deviations, and E[min(Z^2, c^2)] for a
// standard normal Z, which makes the winsorised variance consistent under normality.
constexpr double kWinsorPoint = 2.5;
constexpr double kWinsorConsistency = 0.977558;

// Variance of x[t] - x[t - lag], robust and efficient: the mean square of the
// differences (around their median) winsorised at kWinsorPoint MADs. A level shift
// spoils `lag` differences, each contributing at most kWinsorPoint^2 MAD^2.
// `differences` and `selection` are buffers of x.size() values, reused between lags.
double LagDifferenceVariance(std::span<const double> x, std::size_t lag,
                             std::vector<double>& differences, std::vector<double>& selection) {
  differences.resize(x.size() - lag);
  for (std::size_t i = lag; i < x.size(); ++i) differences[i - lag] = x[i] - x[i - lag];
  // One buffer for both selections: the differences, then their absolute deviations.
  selection.assign(differences.begin(), differences.end());
  double center = MedianInPlace(selection);
  for (std::size_t i = 0; i < differences.size(); ++i) selection[i] = std::abs(differences[i] - center);
  double limit = kWinsorPoint * (kMadToSd * MedianInPlace(selection));
  double sum = 0.0;
  for (double d : differences) {
    double clipped = std::min(std::abs(d - center), limit);
    sum += clipped * clipped;
  }
  return sum / static_cast<double>(differences.size()) / kWinsorConsistency;
}

}  // namespace

NoiseScale EstimateNoiseScale(std::span<const double> x) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  if (x.size() < 4) return {kNaN, kNaN, kNaN};
  std::vector<double> differences, selection;
  differences.reserve(x.size());
  selection.reserve(x.size());
  double lag1_variance = LagDifferenceVariance(x, 1, differences, selection);
  double lag2_variance = LagDifferenceVariance(x, 2, differences, selection);
  double rho = 0.0;
  if (lag1_variance > 0.0) rho = std::clamp(lag2_variance / lag1_variance - 1.0, 0.0, kMaxLag1);
  double variance = lag1_variance / (2.0 * (1.0 - rho));
  NoiseScale scale;
  scale.sd = std::sqrt(variance);
  scale.lag1 = rho;
  scale.long_run_sd = std::sqrt(variance * (1.0 + rho) / (1.0 - rho));
  return scale;
}

}  // namespace kpiwatch::stats
