// Binary segmentation (Scott and Knott 1974; Vostrikova 1981): greedy, approximate.
//
// Repeatedly splits the segment whose best single split lowers the cost the most, as
// long as that reduction exceeds the penalty. O(n log n) cost evaluations for a few
// changes; not guaranteed optimal (a change masked by two nearby ones can be missed),
// which is why PELT is the default detector.
#pragma once

#include <cstddef>

#include "detectors/segment/segmentation.h"

namespace kpiwatch::segment {

// Segments have at least max(min_segment, cost.MinimumSegment()) rows; at most
// max_changes change points are returned.
Segmentation BinarySegmentation(const SegmentCost& cost, double penalty, std::size_t min_segment,
                                std::size_t max_changes = static_cast<std::size_t>(-1));

}  // namespace kpiwatch::segment
