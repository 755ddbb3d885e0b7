#include "detectors/stats/correlation.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "detectors/stats/distributions.h"
#include "detectors/stats/robust.h"

namespace kpiwatch::stats {

double PearsonCorrelation(std::span<const double> x, std::span<const double> y) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (x.size() != y.size() || x.size() < 2) return nan;
  const double mean_x = Mean(x);
  const double mean_y = Mean(y);
  double sxy = 0.0;
  double sxx = 0.0;
  double syy = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mean_x) * (y[i] - mean_y);
    sxx += (x[i] - mean_x) * (x[i] - mean_x);
    syy += (y[i] - mean_y) * (y[i] - mean_y);
  }
  if (sxx <= 0.0 || syy <= 0.0) return nan;
  return sxy / std::sqrt(sxx * syy);
}

CorrelationComparison CompareCorrelations(double r1, int n1, double r2, int n2) {
  if (n1 <= 3 || n2 <= 3 || std::isnan(r1) || std::isnan(r2)) return {};
  const double limit = 1.0 - 1e-12;
  const double z1 = std::atanh(std::clamp(r1, -limit, limit));
  const double z2 = std::atanh(std::clamp(r2, -limit, limit));
  CorrelationComparison result;
  result.z = (z1 - z2) / std::sqrt(1.0 / (n1 - 3) + 1.0 / (n2 - 3));
  result.p_value = NormalTwoSided(result.z);
  return result;
}

}  // namespace kpiwatch::stats
