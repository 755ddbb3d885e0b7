// PELT: the exact minimiser of the penalised cost over all segmentations.
//
// Optimal partitioning F(t) = min over s of F(s) + Cost(s, t) + penalty (Jackson et al.
// 2005) with two pruning rules that never remove a candidate that could still be optimal:
//  - PELT's inequality pruning (Killick, Fearnhead and Eckley 2012, JASA 107:1590, K = 0):
//    a last change s is dropped once F(s) + Cost(s, t) > F(t);
//  - for costs with one segment parameter (SegmentCost::SublevelIntervals), functional
//    pruning (Maidstone, Hocking, Rigaill and Fearnhead 2017, Statistics and Computing
//    27:519): s keeps the interval of parameter values at which no later candidate beats
//    it, and is dropped when the interval is empty. This keeps the search near-linear on
//    series with few changes, where inequality pruning alone is quadratic.
// For the mean-and-variance cost, whose costs need a log each, the candidates' costs are
// bounded without one and computed only where the bounds cannot decide (pelt_meanvar.h);
// the decisions, and so the result, are those of the exact costs.
// With a minimum segment length m, a comparison against candidate t only takes effect
// from t + m on, when t becomes a possible last change; that keeps the search exact.
#pragma once

#include <cstddef>

#include "detectors/segment/segmentation.h"

namespace kpiwatch::segment {

// Every segment has at least max(min_segment, cost.MinimumSegment()) rows; a series
// shorter than two such segments gets no change point. penalty >= 0 per change point.
Segmentation Pelt(const SegmentCost& cost, double penalty, std::size_t min_segment);

}  // namespace kpiwatch::segment
