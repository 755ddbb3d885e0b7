#include "detectors/stats/robust.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <numeric>

namespace kpiwatch::stats {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Moves the values below `pivot` to the front of [begin, end) (equal ones too with
// `or_equal`) and returns where they end. Branch-free (a Lomuto partition by swaps and a
// counted store position): on noisy data a branch per value would be mispredicted about
// half the time, which made std::nth_element the slowest step of the monthly detectors.
double* PartitionBelow(double* begin, double* end, double pivot, bool or_equal) {
  double* store = begin;
  if (or_equal) {
    for (double* p = begin; p != end; ++p) {
      const double value = *p;
      *p = *store;
      *store = value;
      store += value <= pivot;
    }
  } else {
    for (double* p = begin; p != end; ++p) {
      const double value = *p;
      *p = *store;
      *store = value;
      store += value < pivot;
    }
  }
  return store;
}

// Rearranges `values` so that values[k] is the value of rank k, smaller ones before it and
// larger or equal ones after it (as std::nth_element). Quickselect with a median-of-three
// pivot and branch-free partitions; each round splits off the values equal to the pivot,
// so ties cannot stall it, and after 2 log2(n) + 8 rounds (an adversarial input) it
// hands the rest to std::nth_element, whose worst case is O(n log n).
void SelectInPlace(std::span<double> values, std::size_t k) {
  double* begin = values.data();
  double* end = begin + values.size();
  double* target = begin + k;
  int rounds = 2 * static_cast<int>(std::bit_width(values.size())) + 8;
  while (end - begin > 16) {
    if (rounds-- == 0) {
      std::nth_element(begin, target, end);
      return;
    }
    double a = *begin, b = begin[(end - begin) / 2], c = end[-1];
    const double pivot = std::max(std::min(a, b), std::min(std::max(a, b), c));
    double* below_end = PartitionBelow(begin, end, pivot, false);
    if (target < below_end) {
      end = below_end;
      continue;
    }
    double* equal_end = PartitionBelow(below_end, end, pivot, true);
    if (target < equal_end) return;  // the target is one of the values equal to the pivot
    begin = equal_end;
  }
  std::sort(begin, end);
}

// Below this many values a plain selection (SelectInPlace) is fastest.
constexpr std::size_t kSampledSelectionMin = 4096;
// Values in the sample that brackets the wanted order statistics, and the half-width of
// the bracket in standard deviations of the sample quantile.
constexpr std::size_t kSelectionSample = 2048;
constexpr double kBracketSds = 4.0;

// The order statistics lower and lower + 1 (0-based; the second is +infinity when
// lower is the last) of `values`, which may be reordered.
//
// Large inputs use sampled selection (Floyd and Rivest 1975, CACM 18:165): the quantiles
// of an evenly spaced sample bracket the wanted ones; one pass counts the values below the
// bracket and moves those inside it to the front, and a plain selection among those few
// gives the answer. When the bracket misses (a sample quantile more than kBracketSds off)
// it falls back to selecting among all values, so the result is always exact.
std::pair<double, double> OrderStatisticPair(std::span<double> values, std::size_t lower) {
  const std::size_t n = values.size();
  constexpr double kInf = std::numeric_limits<double>::infinity();
  auto plain = [&] {
    SelectInPlace(values, lower);
    auto at = values.begin() + static_cast<std::ptrdiff_t>(lower);
    double next = lower + 1 < n ? *std::min_element(at + 1, values.end()) : kInf;
    return std::pair{*at, next};
  };
  if (n < kSampledSelectionMin) return plain();

  std::vector<double> sample(kSelectionSample);
  const double stride = static_cast<double>(n) / static_cast<double>(kSelectionSample);
  for (std::size_t i = 0; i < kSelectionSample; ++i) {
    sample[i] = values[static_cast<std::size_t>(static_cast<double>(i) * stride)];
  }
  const double q = (static_cast<double>(lower) + 0.5) / static_cast<double>(n);
  const double m = static_cast<double>(kSelectionSample);
  const double half_width = kBracketSds * std::sqrt(q * (1.0 - q) * m) + 1.0;
  auto sample_rank = [&](double rank) {
    return static_cast<std::size_t>(std::clamp(rank, 0.0, m - 1.0));
  };
  std::size_t low_rank = sample_rank(std::floor(q * m - half_width));
  std::size_t high_rank = sample_rank(std::ceil(q * m + half_width));
  SelectInPlace(sample, high_rank);
  const double high = sample[high_rank];
  if (low_rank < high_rank) SelectInPlace(std::span<double>(sample).first(high_rank), low_rank);
  const double low = sample[low_rank];

  // One branch-free pass: count the values below the bracket and move those inside it
  // to the front (a Lomuto partition; the other values stay behind, for the fallback).
  std::size_t below = 0;
  std::size_t count = 0;
  double* v = values.data();
  for (std::size_t i = 0; i < n; ++i) {
    const double value = v[i];
    v[i] = v[count];
    v[count] = value;
    below += value < low;
    count += (value >= low) & (value <= high);
  }
  // Both wanted statistics must be inside: ranks [below, below + count).
  if (lower < below || lower + 1 >= below + count) return plain();
  SelectInPlace(values.first(count), lower - below);
  auto at = values.begin() + static_cast<std::ptrdiff_t>(lower - below);
  return {*at, *std::min_element(at + 1, values.begin() + static_cast<std::ptrdiff_t>(count))};
}

// Quantile(values, p), reordering `values`. Selection instead of a full sort: O(n). The
// upper neighbour is the next order statistic.
double QuantileInPlace(std::span<double> values, double p) {
  if (values.empty()) return kNaN;
  double h = (static_cast<double>(values.size()) - 1.0) * p;
  auto lower = static_cast<std::size_t>(std::floor(h));
  auto [lower_value, upper_value] = OrderStatisticPair(values, lower);
  if (lower + 1 >= values.size()) return lower_value;
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
