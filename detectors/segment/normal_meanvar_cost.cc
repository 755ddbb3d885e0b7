#include "detectors/segment/normal_meanvar_cost.h"

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
  return scale_ * std::sqrt(sums_.Segment(begin, end).rss / static_cast<double>(end - begin));
}

}  // namespace kpiwatch::segment
