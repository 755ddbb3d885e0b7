#include "detectors/segment/normal_meanvar_cost.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "detectors/stats/robust.h"
#include "detectors/stats/vector_math.h"

namespace kpiwatch::segment {
namespace {
constexpr double kVarianceFloor = 1e-8;

inline double MeanVarianceCost(double sum, double squares, double length) {
  double rss = std::max(squares - sum * sum / length, 0.0);
  double variance = std::max(rss / length, kVarianceFloor);
  return length * std::log(variance) + rss / variance;
}

// costs[i] = Cost(begins[i], end) for the prefix sums given: PELT's hot loop for this cost,
// vectorised with glibc's vector log (stats/vector_math.h).
KPIWATCH_VECTOR_CLONES
void MeanVarianceCosts(const double* sum, const double* squares, const std::size_t* begins,
                       std::size_t count, std::size_t end, double* __restrict costs) {
#pragma omp simd
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t begin = begins[i];
    // Through int32, which converts to double in vector lanes (the caller checks the range).
    const double length = static_cast<double>(static_cast<std::int32_t>(end - begin));
    costs[i] = MeanVarianceCost(sum[end] - sum[begin], squares[end] - squares[begin], length);
  }
}
}  // namespace

NormalMeanVarianceCost::NormalMeanVarianceCost(std::span<const double> values) {
  center_ = stats::Median(values);
  scale_ = stats::Mad(values);
  if (!(scale_ > 0.0)) scale_ = std::sqrt(stats::Variance(values));
  if (!(scale_ > 0.0)) scale_ = 1.0;
  StandardisedPrefixSums(values, center_, scale_, sum_, sum_squares_);
}

double NormalMeanVarianceCost::Cost(std::size_t begin, std::size_t end) const {
  return MeanVarianceCost(sum_[end] - sum_[begin], sum_squares_[end] - sum_squares_[begin],
                          static_cast<double>(end - begin));
}

void NormalMeanVarianceCost::Costs(std::span<const std::size_t> begins, std::size_t end,
                                   std::span<double> costs) const {
  if (end <= static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
    MeanVarianceCosts(sum_.data(), sum_squares_.data(), begins.data(), begins.size(), end, costs.data());
    return;
  }
  for (std::size_t i = 0; i < begins.size(); ++i) costs[i] = Cost(begins[i], end);
}

double NormalMeanVarianceCost::SegmentMean(std::size_t begin, std::size_t end) const {
  return center_ + scale_ * (sum_[end] - sum_[begin]) / static_cast<double>(end - begin);
}

double NormalMeanVarianceCost::SegmentSd(std::size_t begin, std::size_t end) const {
  double length = static_cast<double>(end - begin);
  double sum = sum_[end] - sum_[begin];
  double rss = std::max(sum_squares_[end] - sum_squares_[begin] - sum * sum / length, 0.0);
  return scale_ * std::sqrt(rss / length);
}

}  // namespace kpiwatch::segment
