#include "detectors/shift/outlier.h"

#include <algorithm>
#include <cmath>

#include "detectors/stats/distributions.h"
#include "detectors/stats/robust.h"

namespace kpiwatch::shift {
namespace {

// How many of the n sorted window values are below v (with_equal: or equal to it), by
// counting, not by binary search: on a window of a few dozen values a count is a handful of
// vector compares, where each step of a search is a branch that noise makes unpredictable.
std::size_t CountBelow(const double* window, std::size_t n, double v, bool with_equal) {
  // (Counted in a double: GCC does not vectorise an integer count of double compares.)
  double count = 0.0;
  if (with_equal) {
#pragma omp simd reduction(+ : count)
    for (std::size_t k = 0; k < n; ++k) count += window[k] <= v ? 1.0 : 0.0;
  } else {
#pragma omp simd reduction(+ : count)
    for (std::size_t k = 0; k < n; ++k) count += window[k] < v ? 1.0 : 0.0;
  }
  return static_cast<std::size_t>(count);
}

// Replaces one occurrence of `leaving` in the sorted window by `entering`, keeping it sorted.
void ReplaceSorted(std::vector<double>& window, double leaving, double entering) {
  double* w = window.data();
  const std::size_t n = window.size();
  const std::size_t from = CountBelow(w, n, leaving, false);  // the first of leaving's equals
  const std::size_t at_or_below = CountBelow(w, n, entering, true);
  if (leaving <= entering) {
    // leaving is among the at_or_below values: the ones between slide down one place.
    const std::size_t to = at_or_below - 1;
    std::copy(w + from + 1, w + to + 1, w + from);
    w[to] = entering;
  } else {
    const std::size_t to = at_or_below;  // < from: the ones between slide up one place
    std::copy_backward(w + to, w + from, w + from + 1);
    w[to] = entering;
  }
}

// Centred running median; the same value as stats::Median of each window (the mean of
// the two middle values for an even window), kept in a sorted buffer updated by one
// replacement per row instead of a selection per row.
std::vector<double> RunningMedian(std::span<const double> x, std::size_t half_width) {
  std::vector<double> out(x.size());
  std::vector<double> window;
  window.reserve(2 * half_width + 1);
  std::size_t window_begin = 0, window_end = 0;
  for (std::size_t t = 0; t < x.size(); ++t) {
    std::size_t begin = t > half_width ? t - half_width : 0;
    std::size_t end = std::min(x.size(), t + half_width + 1);
    for (; window_end < end && window_begin < begin; ++window_end, ++window_begin) {
      ReplaceSorted(window, x[window_begin], x[window_end]);
    }
    for (; window_end < end; ++window_end) {
      window.insert(std::upper_bound(window.begin(), window.end(), x[window_end]), x[window_end]);
    }
    for (; window_begin < begin; ++window_begin) {
      window.erase(std::lower_bound(window.begin(), window.end(), x[window_begin]));
    }
    std::size_t lower = (window.size() - 1) / 2;
    out[t] = window.size() % 2 == 1 ? window[lower]
                                    : window[lower] + 0.5 * (window[lower + 1] - window[lower]);
  }
  return out;
}

// lambda_i of the generalized ESD test for m remaining rows and Student quantile t.
double EsdCritical(double m, double t) { return (m - 1.0) * t / std::sqrt((m - 2.0 + t * t) * m); }

}  // namespace

std::vector<double> SeasonalResiduals(std::span<const double> values, std::size_t season) {
  std::size_t half_width = std::max<std::size_t>(season, 3);
  std::vector<double> level = RunningMedian(values, half_width);
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
    std::vector<double> adjusted_level = RunningMedian(adjusted, half_width);
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
    auto extreme = std::max_element(remaining.begin(), remaining.end(), [&](std::size_t a, std::size_t b) {
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
