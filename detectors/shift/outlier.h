// Point anomalies after seasonal adjustment: robust z-scores and the generalized ESD test.
//
// Residuals: with season s > 0 and at least 2 s rows, the median of each season position
// (row mod s) of the detrended values is removed; the level is removed by a centred
// running median of 2 max(s, 3) + 1 rows, so a level shift does not make a run of
// outliers. Robust z = (residual - median) / MAD.
// Generalized ESD (Rosner 1983, Technometrics 25:165): for i = 1..r, R_i is the largest
// |residual - mean| / sd among the residuals left after removing the i - 1 most extreme,
// compared with lambda_i = (m - 1) t / sqrt((m - 2 + t^2) m), m = n - i + 1 and
// t = t_{1 - alpha / (2 m), m - 2}. The number of outliers is the largest i with
// R_i > lambda_i. Null hypothesis: the residuals are an i.i.d. Normal sample (no outlier);
// the chance of any false outlier is then about alpha (in practice 2-3x alpha, as the
// running-median residuals are slightly dependent).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace kpiwatch::shift {

struct OutlierOptions {
  std::size_t season = 0;        // 12 monthly, 4 quarterly, 0 none
  double alpha = 0.01;           // ESD significance level
  std::size_t max_outliers = 10; // r, capped at (n - 2) / 2
};

struct Outlier {
  std::size_t row = 0;
  double residual = 0.0;   // seasonally adjusted deviation from the local level
  double expected = 0.0;   // value - residual
  double robust_z = 0.0;
  double esd_statistic = 0.0;  // R_i
  double esd_critical = 0.0;   // lambda_i
  double p_value = 1.0;        // 2 m P(T_{m-2} > t_i), Bonferroni over the m remaining rows
};

// Residuals as described above (values finite).
std::vector<double> SeasonalResiduals(std::span<const double> values, std::size_t season);
// Outliers in the order ESD removed them (most extreme first).
std::vector<Outlier> FindOutliers(std::span<const double> values, const OutlierOptions& options);

}  // namespace kpiwatch::shift
