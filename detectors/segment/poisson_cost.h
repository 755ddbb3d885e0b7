// Poisson change-in-rate cost, for counts.
//
// Cost(a, b) = min over lambda of 2 sum over [a, b) of (lambda - x log lambda)
//            = 2 S (1 - log(S / n)) with S the segment sum and n its length (0 when
// S = 0): twice the negative Poisson log-likelihood without the log x! terms, which do
// not depend on the segmentation. Values must be >= 0 (whole numbers are expected but
// not required).
#pragma once

#include <span>
#include <vector>

#include "detectors/segment/segment_cost.h"

namespace kpiwatch::segment {

class PoissonCost final : public SegmentCost {
 public:
  explicit PoissonCost(std::span<const double> values);

  std::size_t size() const override { return sum_.size() - 1; }
  double Cost(std::size_t begin, std::size_t end) const override;
  void Costs(std::span<const std::size_t> begins, std::size_t end,
             std::span<double> costs) const override;
  int ParametersPerSegment() const override { return 1; }
  double SegmentMean(std::size_t begin, std::size_t end) const override;

 private:
  std::vector<double> sum_;
};

}  // namespace kpiwatch::segment
