// Normal change-in-mean-and-variance cost.
//
// Cost(a, b) = min over mu and v >= v_floor of sum over [a, b) of log v + (x - mu)^2 / v,
// i.e. n log v + RSS / v with v = max(RSS / n, v_floor): twice the negative Normal
// log-likelihood with both parameters fitted per segment (constant n log 2 pi dropped).
// The values are standardised (median, MAD) first; v_floor = 1e-8 in standardised
// units keeps a segment of identical values from having cost minus infinity. The
// arithmetic is SegmentCost::MeanVarianceSums::FitSegment.
#pragma once

#include <span>
#include <vector>

#include "detectors/segment/segment_cost.h"

namespace kpiwatch::segment {

class NormalMeanVarianceCost final : public SegmentCost {
 public:
  explicit NormalMeanVarianceCost(std::span<const double> values);
  // Not copyable: mean_variance_sums() points into the object's own arrays.
  NormalMeanVarianceCost(const NormalMeanVarianceCost&) = delete;
  NormalMeanVarianceCost& operator=(const NormalMeanVarianceCost&) = delete;

  std::size_t size() const override { return sum_.size() - 1; }
  double Cost(std::size_t begin, std::size_t end) const override;
  int ParametersPerSegment() const override { return 2; }
  std::size_t MinimumSegment() const override { return 2; }
  double SegmentMean(std::size_t begin, std::size_t end) const override;
  // Sample standard deviation (divisor n) of a segment, in the series' units.
  double SegmentSd(std::size_t begin, std::size_t end) const;
  const MeanVarianceSums* mean_variance_sums() const override { return &sums_; }

 private:
  double center_ = 0.0;
  double scale_ = 1.0;
  std::vector<double> sum_;
  std::vector<double> sum_squares_;
  std::vector<double> squares_low_;  // rounding errors of sum_squares_ (compensated sums)
  MeanVarianceSums sums_{};  // points into the three arrays above
};

}  // namespace kpiwatch::segment
