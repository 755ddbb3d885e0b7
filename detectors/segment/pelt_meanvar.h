// PELT's candidate set for the Normal mean-and-variance cost, with costs bounded from
// below instead of computed.
//
// The cost of segment [s, t) is n log v + n (v = RSS / n, above the variance floor), so
// every candidate needs a log at every step, and inequality pruning alone keeps about
// one segment's worth of candidates. Most of those logs decide nothing: the candidate is
// clearly not the best. Three bounds spare them; each holds for the costs as computed
// (the rounding of the prefix sums is bounded from above, and every bound is lowered by
// it and by a relative margin), so every choice is the one the exact costs give.
//
// - Anchors. A segment's residual sum of squares only grows when rows are added before
//   it, so for the candidates s <= a of a block of kBlock (8) consecutive candidates (a, the
//   "anchor", the newest) RSS(s, t) >= RSS(a, t) = A, and with
//   x = log(A / n_a) - (n - n_a) / n_a <= log(A / n) (the tangent of the concave log):
//       cost(s, t) >= n max(x, log floor) + min(n, A / floor).
//   One log per block and a few vector operations per candidate; the bound loses about
//   the rows between s and its anchor, far less than the penalty.
// - Blocks over steps. RSS also only grows as rows are added after the segment, and
//   g(A, n) = n log(A / n) + n is concave in n with derivative log(A / n), so j steps
//   later every value of the block is at least its smallest bound now plus
//   j (log(A / n_first) - j / n_first). A block whose bound stays above the incumbent's
//   value is left alone, for up to kLongestReuse (32) steps.
// - The incumbent. The previous step's best is computed exactly (one scalar log per
//   step); only candidates whose bound does not exceed its value may be the best. Their
//   costs are computed in vector lanes (libmvec's log, within 4 ulp), and exactly only
//   where that cannot tell them from the best.
//
// PELT's inequality prunes a candidate when its bound (or its exact cost) proves it;
// the others stay, since keeping a prunable candidate never changes the optimum (it is
// pruned when a later bound proves it). PELT compares candidate s against a later tau
// with Cost(s, tau), known when best[tau] is chosen; the comparison takes effect m steps
// later, when tau is admitted. Choose makes the comparison at once and notes the step at
// which s is then dropped. Dropped candidates stay in the arrays, inert, until a quarter
// of them are dropped: closing the gaps at every drop cost more than the search.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "detectors/segment/segment_cost.h"

namespace kpiwatch::segment {

// Bounds on the rounding of a cost's prefix sums, against the exact sums of the
// standardised values z (sum) and of their rounded squares (squares + squares_low,
// compensated), from which the bounds below are lowered so that they hold for the
// computed costs.
struct PrefixSumRounding {
  double sum = 0.0;          // |sum[i] - exact| for every i: u times the sum of |sum[j]|
  double squares = 0.0;      // the same for squares_low's own additions
  double largest_low = 0.0;  // the largest |squares_low[i]|
  // The largest exact sum of squares over 32 (kLongestReuse) consecutive rows, bounded
  // from above: how far a block's segments may grow while its bound is reused.
  double window_squares = 0.0;
  bool finite = true;  // false when a prefix sum or a bound is not finite
};

class MeanVarianceCandidates {
 public:
  // sums: the cost's prefix arrays (rows + 1 entries each); min_segment: the shortest
  // segment (it bounds the number of candidates); rows: the series length (buffers are
  // reserved once).
  MeanVarianceCandidates(const SegmentCost::MeanVarianceSums& sums, std::size_t min_segment,
                         std::size_t rows);

  // Drops the candidates that PELT's inequality against `tau` pruned (the comparisons
  // made in Choose(tau)).
  void PruneAgainst(std::size_t tau, const std::vector<double>& best);
  // Admits `begin` (best[begin] is final).
  void Add(std::size_t begin, const std::vector<double>& best);
  // Sets best[end] and last[end] to the best segmentation of rows [0, end), the first
  // (oldest) candidate among equals, and compares candidates against `end`. The previous
  // step's choice is the incumbent whose value bounds the search.
  void Choose(std::size_t end, double penalty, std::vector<double>& best,
              std::vector<std::size_t>& last);

  // For tests, right after Choose(end) (before the next PruneAgainst or Add): the number
  // of live candidates whose bound at `end` does not hold, i.e. whose exact cost lies
  // below the lower bound Choose computed for it, or whose exact value lies below the
  // reused bound that kept its block out of the search (0 if every bound is sound).
  std::size_t BoundViolations(std::size_t end, double penalty);
  // Candidates not dropped, and exact cost evaluations so far (for tests).
  std::size_t live() const { return begins_.size() - dropped_; }
  std::size_t exact_evaluations() const { return exact_evaluations_; }

 private:
  // Candidate i's cost of [begin, end), computed exactly; also its lower bound from now.
  double Exact(std::size_t i, std::size_t end);
  // Lists in listed_ the blocks whose bounds from earlier steps do not keep them from
  // being the best (every block when `bound` is infinite), and bounds their candidates'
  // costs at `end`.
  void BoundBlocks(std::size_t end, double penalty, double bound);
  // Makes candidate i inert (no longer chosen, compared or counted).
  void Drop(std::size_t i);
  // Removes the inert candidates.
  void Compact();

  SegmentCost::MeanVarianceSums sums_;
  // Bounds on the rounding of the prefix sums (not finite: every cost is computed).
  PrefixSumRounding rounding_;
  double log_floor_;
  // Per candidate, in begin order.
  std::vector<std::size_t> begins_;
  std::vector<double> begin_rows_;      // begin, as a double (vector lanes)
  std::vector<double> start_values_;    // best[begin]
  std::vector<double> inert_offsets_;   // 0, or a huge value once dropped
  std::vector<std::uint64_t> settled_;  // 1 once pruned (pending or dropped)
  std::vector<std::size_t> pruned_at_;  // the tau at which it is dropped
  // Choose's lower bound of each cost at `end` (the cost itself once computed), and
  // best[begin] + that bound + penalty.
  std::vector<double> lower_costs_;
  std::vector<double> lower_values_;
  std::vector<std::uint64_t> flags_;
  // Per block of kBlock candidates: its bound for later steps (step, smallest lower
  // value, slope, the longest segment, rounding scale; BlockBoundColumns in the .cc), and
  // whether it still holds at this step.
  std::vector<double> bound_rows_;  // -inf: none
  std::vector<double> bound_values_;
  std::vector<double> bound_slopes_;
  std::vector<double> bound_lengths_;
  std::vector<double> bound_inverse_lengths_;
  std::vector<double> bound_scales_;
  std::vector<std::uint64_t> kept_;
  // The blocks bounded afresh at this step, and per listed block: the first and the
  // anchor's begin and the anchor's bound terms.
  std::vector<std::size_t> listed_;
  std::vector<std::size_t> first_begins_;
  std::vector<std::size_t> anchor_begins_;
  std::vector<double> anchor_rows_;
  std::vector<double> anchor_log_ratios_;    // log(A / n_a)
  std::vector<double> anchor_floor_ratios_;  // A / floor
  // The candidates that may be the best at this step, their costs in vector lanes and
  // how far those may lie from the exact ones.
  std::vector<std::size_t> near_;
  std::vector<double> near_costs_;
  std::vector<double> near_tolerances_;
  // The index of the previous step's best (kept across Compact), or max when none.
  std::size_t incumbent_ = static_cast<std::size_t>(-1);
  // drop_due_[tau]: some candidate is dropped in PruneAgainst(tau).
  std::vector<unsigned char> drop_due_;
  std::size_t dropped_ = 0;
  std::size_t exact_evaluations_ = 0;
};

}  // namespace kpiwatch::segment
