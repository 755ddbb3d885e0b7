// Normal change-in-mean cost with a robust, autocorrelation-aware noise variance.
//
// Cost(a, b) = sum over [a, b) of (x - mean)^2 / sigma^2, twice the negative Normal
// log-likelihood with the variance sigma^2 fixed for the whole series. sigma is
// estimated robustly, so level shifts do not inflate it:
//  - without the correction: sigma = MAD(first differences) / sqrt(2);
//  - with the autocorrelation correction (default): sigma^2 is the long-run variance
//    s^2 (1 + rho) / (1 - rho) of an AR(1) noise, with s and rho from the lag-1 and lag-2
//    differences (stats/noise_scale.h). The variance of a segment mean of AR(1) noise is
//    about long-run variance / n, so with it the cost reduction of a change is roughly
//    chi-square(1) under no change even for autocorrelated monthly KPIs (which would
//    otherwise give many spurious changes). On white noise rho is estimated near 0 and
//    little power is lost.
#pragma once

#include <span>
#include <vector>

#include "detectors/segment/segment_cost.h"
#include "detectors/stats/noise_scale.h"

namespace kpiwatch::segment {

class NormalMeanCost final : public SegmentCost {
 public:
  // Precondition: finite values, at least 2 (MakeSegmentCost checks).
  NormalMeanCost(std::span<const double> values, bool autocorrelation_correction);
  // Not copyable: quadratic_sums() points into the object's own arrays.
  NormalMeanCost(const NormalMeanCost&) = delete;
  NormalMeanCost& operator=(const NormalMeanCost&) = delete;

  std::size_t size() const override { return sum_.size() - 1; }
  double Cost(std::size_t begin, std::size_t end) const override;
  void Costs(std::span<const std::size_t> begins, std::size_t end,
             std::span<double> costs) const override;
  int ParametersPerSegment() const override { return 1; }
  bool SublevelIntervals(std::span<const std::size_t> begins, std::size_t end,
                         std::span<const double> budgets, std::span<double> lower,
                         std::span<double> upper) const override;
  double SegmentMean(std::size_t begin, std::size_t end) const override;
  const QuadraticSums* quadratic_sums() const override { return &quadratic_; }

  // The robust noise estimate of the series and the sigma the cost divides by.
  const stats::NoiseScale& noise() const { return noise_; }
  double sigma() const { return sigma_; }

 private:
  stats::NoiseScale noise_;
  double center_ = 0.0;
  double sigma_ = 1.0;
  std::vector<double> sum_;          // prefix sums of z = (x - center) / sigma
  std::vector<double> sum_squares_;  // prefix sums of z^2
  // inverse_length_[k] = 1 / k: the hot loops multiply instead of dividing.
  std::vector<double> inverse_length_;
  QuadraticSums quadratic_{};  // points into the three arrays above
};

}  // namespace kpiwatch::segment
