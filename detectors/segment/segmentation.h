// The result of a change-point search.
#pragma once

#include <cstddef>
#include <vector>

#include "detectors/segment/segment_cost.h"

namespace kpiwatch::segment {

struct Segmentation {
  // First rows of the new segments, ascending; empty when there is no change.
  std::vector<std::size_t> change_points;
  // Sum of the segment costs plus the penalty times the number of change points.
  double penalised_cost = 0.0;
};

// Sum of the costs of the segments cut at `change_points` (ascending, inside (0, n))
// plus penalty per change point.
double PenalisedCost(const SegmentCost& cost, const std::vector<std::size_t>& change_points,
                     double penalty);

}  // namespace kpiwatch::segment
