#include "detectors/segment/normal_meanvar_cost.h"

#include <algorithm>
#include <cmath>

#include "detectors/stats/robust.h"

namespace kpiwatch::segment {
namespace {
constexpr double kVarianceFloor = 1e-8;

inline double MeanVarianceCost(double sum, double squares, double length) {
  double rss = std::max(squares - sum * sum / length, 0.0);
  double variance = std::max(rss / length, kVarianceFloor);
  return length * std::log(variance) + rss / variance;
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
  const double sum_end = sum_[end];
  const double squares_end = sum_squares_[end];
  for (std::size_t i = 0; i < begins.size(); ++i) {
    std::size_t begin = begins[i];
    costs[i] = MeanVarianceCost(sum_end - sum_[begin], squares_end - sum_squares_[begin],
                                static_cast<double>(end - begin));
  }
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
