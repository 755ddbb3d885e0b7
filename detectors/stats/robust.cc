#include "detectors/stats/robust.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace kpiwatch::stats {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Quantile(values, p), reordering `values`. Selection instead of a full sort: O(n). The
// upper neighbour is the minimum of the part after the lower order statistic.
double QuantileInPlace(std::span<double> values, double p) {
  if (values.empty()) return kNaN;
  double h = (static_cast<double>(values.size()) - 1.0) * p;
  auto lower = static_cast<std::size_t>(std::floor(h));
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(lower), values.end());
  double lower_value = values[lower];
  if (lower + 1 >= values.size()) return lower_value;
  double upper_value =
      *std::min_element(values.begin() + static_cast<std::ptrdiff_t>(lower) + 1, values.end());
  return lower_value + (h - static_cast<double>(lower)) * (upper_value - lower_value);
}
}  // namespace

double Mean(std::span<const double> x) {
  if (x.empty()) return kNaN;
  return std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
}

double Variance(std::span<const double> x) {
  if (x.size() < 2) return kNaN;
  double mean = Mean(x);
  double sum = 0.0;
  for (double v : x) sum += (v - mean) * (v - mean);
  return sum / static_cast<double>(x.size() - 1);
}

double Median(std::span<const double> x) { return Quantile(x, 0.5); }

double MedianInPlace(std::span<double> values) { return QuantileInPlace(values, 0.5); }

double Quantile(std::span<const double> x, double p) {
  if (x.empty()) return kNaN;
  std::vector<double> values(x.begin(), x.end());
  return QuantileInPlace(values, p);
}

double Mad(std::span<const double> x) {
  if (x.empty()) return kNaN;
  return MadAbout(x, Median(x));
}

double MadAbout(std::span<const double> x, double center) {
  if (x.empty()) return kNaN;
  std::vector<double> deviations;
  deviations.reserve(x.size());
  for (double v : x) deviations.push_back(std::abs(v - center));
  return kMadToSd * MedianInPlace(deviations);
}

double DifferenceMad(std::span<const double> x) {
  if (x.size() < 3) return kNaN;
  std::vector<double> differences(x.size() - 1);
  for (std::size_t i = 1; i < x.size(); ++i) differences[i - 1] = x[i] - x[i - 1];
  return Mad(differences) / std::sqrt(2.0);
}

double Lag1Autocorrelation(std::span<const double> x) {
  if (x.size() < 3) return kNaN;
  double mean = Mean(x);
  double numerator = 0.0;
  double denominator = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    denominator += (x[i] - mean) * (x[i] - mean);
    if (i > 0) numerator += (x[i] - mean) * (x[i - 1] - mean);
  }
  return denominator > 0.0 ? numerator / denominator : 0.0;
}

}  // namespace kpiwatch::stats
