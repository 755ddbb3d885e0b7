#include "detectors/shift/outlier.h"

#include <algorithm>
#include <cmath>

#include "detectors/stats/distributions.h"
#include "detectors/stats/robust.h"
#include "detectors/stats/running_median.h"

namespace kpiwatch::shift {
namespace {

// lambda_i of the generalized ESD test for m remaining rows and Student quantile t.
double EsdCritical(double m, double t) { return (m - 1.0) * t / std::sqrt((m - 2.0 + t * t) * m); }

}  // namespace

std::vector<double> SeasonalResiduals(std::span<const double> values, std::size_t season) {
  std::size_t half_width = std::max<std::size_t>(season, 3);
  std::vector<double> level = stats::CentredRunningMedian(values, half_width);
  std::vector<double> residual(values.size());
  for (std::size_t t = 0; t < values.size(); ++t) residual[t] = values[t] - level[t];
  if (season > 0 && values.size() >= 2 * season) {
    for (std::size_t position = 0; position < season; ++position) {
      std::vector<double> same;
      for (std::size_t t = position; t < values.size(); t += season) same.push_back(residual[t]);
      double seasonal = stats::Median(same);
      for (std::size_t t = position; t < values.size(); t += season) residual[t] -= seasonal;
    }
    // Re-estimate the level on the seasonally adjusted values.
    std::vector<double> adjusted(values.size());
    for (std::size_t t = 0; t < values.size(); ++t) adjusted[t] = level[t] + residual[t];
    std::vector<double> adjusted_level = stats::CentredRunningMedian(adjusted, half_width);
    for (std::size_t t = 0; t < values.size(); ++t) residual[t] = adjusted[t] - adjusted_level[t];
  }
  return residual;
}

std::vector<Outlier> FindOutliers(std::span<const double> values, const OutlierOptions& options) {
  std::vector<double> residual = SeasonalResiduals(values, options.season);
  const std::size_t n = residual.size();
  double center = stats::Median(residual);
  double mad = stats::Mad(residual);
  std::size_t r = std::min(options.max_outliers, n > 2 ? (n - 2) / 2 : 0);
  std::vector<std::size_t> remaining(n);
  for (std::size_t i = 0; i < n; ++i) remaining[i] = i;
  std::vector<Outlier> candidates;
  std::size_t significant = 0;
  for (std::size_t i = 1; i <= r; ++i) {
    double m = static_cast<double>(remaining.size());
    double mean = 0.0, square = 0.0;
    for (std::size_t row : remaining) mean += residual[row];
    mean /= m;
    for (std::size_t row : remaining) square += (residual[row] - mean) * (residual[row] - mean);
    double sd = std::sqrt(square / (m - 1.0));
    if (!(sd > 0.0)) break;
    auto extreme =
        std::max_element(remaining.begin(), remaining.end(), [&](std::size_t a, std::size_t b) {
          return std::abs(residual[a] - mean) < std::abs(residual[b] - mean);
        });
    Outlier outlier;
    outlier.row = *extreme;
    outlier.residual = residual[*extreme];
    outlier.expected = values[*extreme] - outlier.residual;
    outlier.robust_z = mad > 0.0 ? (outlier.residual - center) / mad : 0.0;
    outlier.esd_statistic = std::abs(outlier.residual - mean) / sd;
    // lambda_i grows with t, and the Student quantile exceeds the Normal one, so
    // R_i <= lambda_i(Normal quantile) already rules R_i > lambda_i out: the costly Student
    // quantile is only needed when R_i passes that cheap bound.
    double p = 1.0 - options.alpha / (2.0 * m);
    if (outlier.esd_statistic > EsdCritical(m, stats::NormalQuantile(p)) &&
        outlier.esd_statistic > EsdCritical(m, stats::StudentQuantile(p, m - 2.0))) {
      significant = i;
    }
    candidates.push_back(outlier);
    remaining.erase(extreme);
  }
  candidates.resize(significant);
  // The reported outliers get their exact critical value and p-value.
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    Outlier& outlier = candidates[i];
    double m = static_cast<double>(n - i);
    double t = stats::StudentQuantile(1.0 - options.alpha / (2.0 * m), m - 2.0);
    outlier.esd_critical = EsdCritical(m, t);
    double big_r2 = outlier.esd_statistic * outlier.esd_statistic;
    double denominator = (m - 1.0) * (m - 1.0) - big_r2 * m;
    double t_i = denominator > 0.0 ? std::sqrt(big_r2 * m * (m - 2.0) / denominator) : INFINITY;
    outlier.p_value = std::min(1.0, 2.0 * m * stats::StudentUpperTail(t_i, m - 2.0));
  }
  return candidates;
}

}  // namespace kpiwatch::shift
