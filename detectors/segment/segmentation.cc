#include "detectors/segment/segmentation.h"

namespace kpiwatch::segment {

double PenalisedCost(const SegmentCost& cost, const std::vector<std::size_t>& change_points,
                     double penalty) {
  double total = 0.0;
  std::size_t begin = 0;
  for (std::size_t change : change_points) {
    total += cost.Cost(begin, change) + penalty;
    begin = change;
  }
  return total + cost.Cost(begin, cost.size());
}

}  // namespace kpiwatch::segment
