#include "detectors/segment/binseg.h"

#include <algorithm>
#include <limits>
#include <queue>
#include <vector>

#include "detectors/stats/vector_math.h"

namespace kpiwatch::segment {
namespace {

struct Split {
  double gain = 0.0;  // Cost(begin, end) - Cost(begin, position) - Cost(position, end)
  std::size_t begin = 0;
  std::size_t position = 0;
  std::size_t end = 0;
  bool operator<(const Split& other) const { return gain < other.gain; }
};

// gains[k] = whole - Cost(begin, begin + m + k) - Cost(begin + m + k, end) for a quadratic
// cost (SegmentCost::QuadraticSums), inline and in vector lanes, with Cost()'s arithmetic;
// returns the largest gain.
KPIWATCH_VECTOR_CLONES
double QuadraticSplitGains(SegmentCost::QuadraticSums sums, std::size_t begin, std::size_t end,
                           std::size_t m, double whole, double* __restrict gains) {
  const std::size_t count = end - begin - 2 * m + 1;
  double largest = -std::numeric_limits<double>::infinity();
#pragma omp simd reduction(max : largest)
  for (std::size_t k = 0; k < count; ++k) {
    const std::size_t position = begin + m + k;
    const double gain = whole - sums.Cost(begin, position) - sums.Cost(position, end);
    gains[k] = gain;
    largest = gain > largest ? gain : largest;
  }
  return largest;
}

// The best single split of [begin, end) with both parts >= m rows (the first of equal
// gains); gain < 0 if none. `gains` is scratch space.
Split BestSplit(const SegmentCost& cost, std::size_t begin, std::size_t end, std::size_t m,
                std::vector<double>& gains) {
  Split best{-1.0, begin, begin, end};
  if (end - begin < 2 * m) return best;
  double whole = cost.Cost(begin, end);
  if (const SegmentCost::QuadraticSums* sums = cost.quadratic_sums()) {
    gains.resize(end - begin - 2 * m + 1);
    double largest = QuadraticSplitGains(*sums, begin, end, m, whole, gains.data());
    if (!(largest > best.gain)) return best;
    std::size_t k = 0;
    while (!(gains[k] == largest)) ++k;
    return {largest, begin, begin + m + k, end};
  }
  for (std::size_t position = begin + m; position + m <= end; ++position) {
    double gain = whole - cost.Cost(begin, position) - cost.Cost(position, end);
    if (gain > best.gain) best = {gain, begin, position, end};
  }
  return best;
}

}  // namespace

Segmentation BinarySegmentation(const SegmentCost& cost, double penalty, std::size_t min_segment,
                                std::size_t max_changes) {
  const std::size_t n = cost.size();
  const std::size_t m = std::max<std::size_t>({min_segment, cost.MinimumSegment(), 1});
  // The split path: each step takes the split with the largest cost reduction anywhere.
  std::vector<std::size_t> path;
  std::vector<double> path_cost = {cost.Cost(0, n)};
  std::priority_queue<Split> queue;
  std::vector<double> gains;
  queue.push(BestSplit(cost, 0, n, m, gains));
  while (!queue.empty() && path.size() < max_changes) {
    Split split = queue.top();
    queue.pop();
    if (split.gain <= 0.0) break;
    path.push_back(split.position);
    path_cost.push_back(path_cost.back() - split.gain);
    queue.push(BestSplit(cost, split.begin, split.position, m, gains));
    queue.push(BestSplit(cost, split.position, split.end, m, gains));
  }
  // The number of changes along the path with the smallest penalised cost.
  std::size_t best = 0;
  for (std::size_t k = 1; k < path_cost.size(); ++k) {
    if (path_cost[k] + penalty * static_cast<double>(k) <
        path_cost[best] + penalty * static_cast<double>(best)) {
      best = k;
    }
  }
  Segmentation result;
  result.change_points.assign(path.begin(), path.begin() + static_cast<std::ptrdiff_t>(best));
  std::sort(result.change_points.begin(), result.change_points.end());
  result.penalised_cost = PenalisedCost(cost, result.change_points, penalty);
  return result;
}

}  // namespace kpiwatch::segment
