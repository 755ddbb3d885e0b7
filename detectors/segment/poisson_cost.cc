#include "detectors/segment/poisson_cost.h"

#include <cmath>

namespace kpiwatch::segment {
namespace {
inline double PoissonSegmentCost(double sum, double length) {
  return sum > 0.0 ? 2.0 * sum * (1.0 - std::log(sum / length)) : 0.0;
}
}  // namespace

PoissonCost::PoissonCost(std::span<const double> values) {
  sum_.assign(values.size() + 1, 0.0);
  for (std::size_t i = 0; i < values.size(); ++i) sum_[i + 1] = sum_[i] + values[i];
}

double PoissonCost::Cost(std::size_t begin, std::size_t end) const {
  return PoissonSegmentCost(sum_[end] - sum_[begin], static_cast<double>(end - begin));
}

void PoissonCost::Costs(std::span<const std::size_t> begins, std::size_t end,
                        std::span<double> costs) const {
  const double sum_end = sum_[end];
  for (std::size_t i = 0; i < begins.size(); ++i) {
    costs[i] = PoissonSegmentCost(sum_end - sum_[begins[i]], static_cast<double>(end - begins[i]));
  }
}

double PoissonCost::SegmentMean(std::size_t begin, std::size_t end) const {
  return (sum_[end] - sum_[begin]) / static_cast<double>(end - begin);
}

}  // namespace kpiwatch::segment
