#include "detectors/segment/normal_mean_cost.h"

#include <cmath>

#include "detectors/stats/robust.h"

namespace kpiwatch::segment {

NormalMeanCost::NormalMeanCost(std::span<const double> values, bool autocorrelation_correction)
    : noise_(stats::EstimateNoiseScale(values)) {
  center_ = stats::Median(values);
  sigma_ = autocorrelation_correction ? noise_.long_run_sd : stats::DifferenceMad(values);
  if (!(sigma_ > 0.0)) {
    // Mostly constant differences: fall back to the plain sd of the differences, and to 1
    // for a constant series (all costs are then 0 and no change is found).
    std::vector<double> differences;
    for (std::size_t i = 1; i < values.size(); ++i) differences.push_back(values[i] - values[i - 1]);
    sigma_ = std::sqrt(stats::Variance(differences) / 2.0);
    if (!(sigma_ > 0.0)) sigma_ = 1.0;
  }
  StandardisedPrefixSums(values, center_, sigma_, sum_, sum_squares_);
  inverse_length_.resize(values.size() + 1);
  inverse_length_[0] = 0.0;
  for (std::size_t length = 1; length <= values.size(); ++length) {
    inverse_length_[length] = 1.0 / static_cast<double>(length);
  }
  quadratic_ = {sum_.data(), sum_squares_.data(), inverse_length_.data()};
}

double NormalMeanCost::Cost(std::size_t begin, std::size_t end) const { return quadratic_.Cost(begin, end); }

void NormalMeanCost::Costs(std::span<const std::size_t> begins, std::size_t end,
                           std::span<double> costs) const {
  for (std::size_t i = 0; i < begins.size(); ++i) costs[i] = quadratic_.Cost(begins[i], end);
}

bool NormalMeanCost::SublevelIntervals(std::span<const std::size_t> begins, std::size_t end,
                                       std::span<const double> budgets, std::span<double> lower,
                                       std::span<double> upper) const {
  // L(theta) - Cost = n (theta - mean)^2 in standardised units.
  for (std::size_t i = 0; i < begins.size(); ++i) {
    double mean = quadratic_.Mean(begins[i], end);
    double half_width = std::sqrt(budgets[i] * inverse_length_[end - begins[i]]);
    lower[i] = mean - half_width;
    upper[i] = mean + half_width;
  }
  return true;
}

double NormalMeanCost::SegmentMean(std::size_t begin, std::size_t end) const {
  return center_ + sigma_ * (sum_[end] - sum_[begin]) / static_cast<double>(end - begin);
}

}  // namespace kpiwatch::segment
