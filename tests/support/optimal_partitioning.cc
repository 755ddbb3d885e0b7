#include "tests/support/optimal_partitioning.h"

#include <algorithm>
#include <limits>
#include <vector>

namespace kpiwatch::testing {

segment::Segmentation OptimalPartitioning(const segment::SegmentCost& cost, double penalty,
                                          std::size_t min_segment) {
  const std::size_t n = cost.size();
  const std::size_t m = std::max<std::size_t>({min_segment, cost.MinimumSegment(), 1});
  constexpr double kInfinity = std::numeric_limits<double>::infinity();
  std::vector<double> best(n + 1, kInfinity);
  std::vector<std::size_t> last(n + 1, 0);
  best[0] = -penalty;
  for (std::size_t t = m; t <= n; ++t) {
    for (std::size_t s = 0; s + m <= t; ++s) {
      if (best[s] == kInfinity) continue;
      double value = best[s] + cost.Cost(s, t) + penalty;
      if (value < best[t]) {
        best[t] = value;
        last[t] = s;
      }
    }
  }
  segment::Segmentation result;
  if (n < 2 * m) {
    result.penalised_cost = cost.Cost(0, n);
    return result;
  }
  result.penalised_cost = best[n];
  for (std::size_t end = n; last[end] > 0; end = last[end]) result.change_points.push_back(last[end]);
  std::reverse(result.change_points.begin(), result.change_points.end());
  return result;
}

}  // namespace kpiwatch::testing
