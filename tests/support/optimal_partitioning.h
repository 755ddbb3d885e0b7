// Brute-force optimal partitioning (Jackson et al. 2005): O(n^2), no pruning at all.
// The reference that PELT must equal exactly.
#pragma once

#include <cstddef>

#include "detectors/segment/segmentation.h"

namespace kpiwatch::testing {

// The minimiser of sum of segment costs + penalty per change over all segmentations
// whose segments have at least max(min_segment, cost.MinimumSegment()) rows.
segment::Segmentation OptimalPartitioning(const segment::SegmentCost& cost, double penalty,
                                          std::size_t min_segment);

}  // namespace kpiwatch::testing
