#include "detectors/segment/binseg.h"

#include <algorithm>
#include <queue>
#include <vector>

namespace kpiwatch::segment {
namespace {

struct Split {
  double gain = 0.0;  // Cost(begin, end) - Cost(begin, position) - Cost(position, end)
  std::size_t begin = 0;
  std::size_t position = 0;
  std::size_t end = 0;
  bool operator<(const Split& other) const { return gain < other.gain; }
};

// The best single split of [begin, end) with both parts >= m rows; gain < 0 if none.
Split BestSplit(const SegmentCost& cost, std::size_t begin, std::size_t end, std::size_t m) {
  Split best{-1.0, begin, begin, end};
  if (end - begin < 2 * m) return best;
  double whole = cost.Cost(begin, end);
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
  queue.push(BestSplit(cost, 0, n, m));
  while (!queue.empty() && path.size() < max_changes) {
    Split split = queue.top();
    queue.pop();
    if (split.gain <= 0.0) break;
    path.push_back(split.position);
    path_cost.push_back(path_cost.back() - split.gain);
    queue.push(BestSplit(cost, split.begin, split.position, m));
    queue.push(BestSplit(cost, split.position, split.end, m));
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
