#include "detectors/segment/normal_meanvar_cost.h"

#include <algorithm>
#include <cmath>

#include "detectors/stats/robust.h"

namespace kpiwatch::segment {

NormalMeanVarianceCost::NormalMeanVarianceCost(std::span<const double> values) {
  center_ = stats::Median(values);
  scale_ = stats::Mad(values);
  if (!(scale_ > 0.0)) scale_ = std::sqrt(stats::Variance(values));
  if (!(scale_ > 0.0)) scale_ = 1.0;
  StandardisedPrefixSums(values, center_, scale_, sum_, sum_squares_, &squares_low_);
  sums_ = {sum_.data(), sum_squares_.data(), squares_low_.data()};
}

double NormalMeanVarianceCost::Cost(std::size_t begin, std::size_t end) const {
  return sums_.Segment(begin, end).cost;
}

double NormalMeanVarianceCost::SegmentMean(std::size_t begin, std::size_t end) const {
  return center_ + scale_ * (sum_[end] - sum_[begin]) / static_cast<double>(end - begin);
}

double NormalMeanVarianceCost::SegmentSd(std::size_t begin, std::size_t end) const {
  double length = static_cast<double>(end - begin);
  double sum = sum_[end] - sum_[begin];
  double squares = MeanVarianceSums::SegmentSquares(sum_squares_[end], sum_squares_[begin],
                                                    squares_low_[end], squares_low_[begin]);
  double rss = std::max(squares - sum * sum / length, 0.0);
  return scale_ * std::sqrt(rss / length);
}

}  // namespace kpiwatch::segment
