// Binary segmentation (Scott and Knott 1974; Vostrikova 1981): greedy, approximate.
//
// Repeatedly splits the segment whose best single split lowers the cost the most (up to
// max_changes splits), then keeps the first k splits of that path, with k minimising
// cost + k * penalty (as the R package changepoint's BinSeg does with its Q). Looking
// past a split whose own reduction is below the penalty recovers changes masked by
// nearby ones. O(n) cost evaluations per split; not guaranteed optimal, which is why
// PELT is the default detector.
#pragma once

#include <cstddef>

#include "detectors/segment/segmentation.h"

namespace kpiwatch::segment {

// Segments have at least max(min_segment, cost.MinimumSegment()) rows; at most
// max_changes splits are explored.
Segmentation BinarySegmentation(const SegmentCost& cost, double penalty, std::size_t min_segment,
                                std::size_t max_changes = 200);

}  // namespace kpiwatch::segment
