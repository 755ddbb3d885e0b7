// Robust noise scale of a series with level shifts and lag-1 autocorrelation.
//
// Method: for an AR(1) process with marginal variance s^2 and lag-1 correlation rho,
// Var(x[t] - x[t-1]) = 2 s^2 (1 - rho) and Var(x[t] - x[t-2]) = 2 s^2 (1 - rho^2), so
// rho = V2 / V1 - 1. V1 and V2 are estimated from the lag-1 and lag-2 differences, which a
// level shift spoils in only one or two places, by their mean square winsorised at 2.5
// MADs (robust to a few shifts, nearly as efficient as the plain variance). This is the
// two-lag special case of the difference-based estimator of Romano, Rigaill, Runge and
// Fearnhead (2022), "Detecting abrupt changes in the presence of local fluctuations and
// autocorrelated noise", JASA 117:540.
#pragma once

#include <span>

namespace kpiwatch::stats {

struct NoiseScale {
  double sd = 0.0;           // marginal standard deviation of the noise
  double lag1 = 0.0;         // lag-1 autocorrelation, clamped to [0, kMaxLag1]
  double long_run_sd = 0.0;  // sd * sqrt((1 + lag1) / (1 - lag1)): sd of a mean of n values
                             // is long_run_sd / sqrt(n) for large n
};

// Upper clamp of the autocorrelation estimate (keeps the inflation factor <= 19).
inline constexpr double kMaxLag1 = 0.9;

// Estimates the noise scale as above. A negative autocorrelation estimate is clamped to
// 0 (no deflation). NaN fields for fewer than 4 values; sd is 0 for a series whose
// differences are mostly zero (callers must handle a zero scale).
NoiseScale EstimateNoiseScale(std::span<const double> x);

}  // namespace kpiwatch::stats
