// PELT's candidate set for the Normal mean-and-variance cost, with costs bounded
// instead of computed.
//
// The cost of segment [s, t) is n log v + n (v = RSS / n, above the variance floor), so
// every candidate needs a log at every step, and inequality pruning alone keeps about
// one segment's worth of candidates. Most of those logs decide nothing: the candidate is
// clearly not the best, and clearly kept or clearly pruned. So each candidate keeps a
// reference variance r (the last one computed exactly) and its cost is bounded with
// u = v / r - 1 and q = u - u^2 / 2, without a log, by the Taylor series of log(1 + u):
//     q + (2/3) min(u^3, 0)  <=  log v - log r  <=  q + max(u^3, 0) / 3   (u >= -1/2),
// widened by a rounding margin. A cost is computed exactly (SegmentCost::
// MeanVarianceSums::FitSegment, the very arithmetic of Cost()) only when the bounds
// cannot decide: when the candidate's lower bound is not above the smallest upper bound
// (it may be the best), or when PELT's inequality may go either way. Every decision is
// the one the exact costs give; r moves to each exactly computed variance, so the bounds
// of the candidates near the best stay tight (their width is about n |u|^3).
//
// PELT compares candidate s against a later tau with Cost(s, tau), known when best[tau]
// is chosen; the comparison takes effect m steps later, when tau is admitted. Choose
// makes the comparison at once and notes the step at which s is then dropped. Dropped
// candidates stay in the arrays, inert, until a quarter of them are dropped: closing the
// gaps at every drop cost more than the search.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "detectors/segment/segment_cost.h"

namespace kpiwatch::segment {

class MeanVarianceCandidates {
 public:
  // sums: the cost's prefix arrays; min_segment: the lag m between a candidate's Choose
  // and the step its pruning takes effect; rows: the series length (buffers are
  // reserved once).
  MeanVarianceCandidates(const SegmentCost::MeanVarianceSums& sums, std::size_t min_segment,
                         std::size_t rows);

  // Drops the candidates that PELT's inequality against `tau` prunes (the comparison
  // made in Choose(tau), or now for those admitted since).
  void PruneAgainst(std::size_t tau, const std::vector<double>& best);
  // Admits `begin` (best[begin] is final).
  void Add(std::size_t begin, const std::vector<double>& best);
  // Sets best[end] and last[end] to the best segmentation of rows [0, end), the first
  // (oldest) candidate among equals, and compares every candidate against `end`.
  void Choose(std::size_t end, double penalty, std::vector<double>& best,
              std::vector<std::size_t>& last);

  // Candidates not dropped, and exact cost evaluations so far (for tests).
  std::size_t live() const { return begins_.size() - dropped_; }
  std::size_t exact_evaluations() const { return exact_evaluations_; }

 private:
  // Computes candidate i's cost of [begin, end) exactly and moves its reference there.
  double Exact(std::size_t i, std::size_t end);
  // Makes candidate i inert (no longer chosen, compared or counted).
  void Drop(std::size_t i);
  // Removes the inert candidates.
  void Compact();

  SegmentCost::MeanVarianceSums sums_;
  std::size_t lag_;
  // Per candidate, in begin order.
  std::vector<std::size_t> begins_;
  std::vector<double> begin_rows_;          // begin, as a double (vector lanes)
  std::vector<double> start_values_;        // best[begin]
  std::vector<double> start_sums_;          // sum[begin]
  std::vector<double> start_squares_;       // squares[begin]
  std::vector<double> start_squares_low_;   // squares_low[begin]
  std::vector<double> reference_logs_;      // log r
  std::vector<double> reference_inverses_;  // 1 / r; 0 while there is no reference
  std::vector<double> inert_offsets_;       // 0, or a huge value once dropped
  std::vector<std::uint64_t> settled_;      // 1 once pruned (pending or dropped)
  std::vector<std::size_t> pruned_at_;      // the tau at which it is dropped
  // Choose's bounds of each cost at `end`, and best[begin] + lower bound + penalty.
  std::vector<double> lower_costs_;
  std::vector<double> upper_costs_;
  std::vector<double> lower_values_;
  std::vector<std::uint64_t> flags_;
  // drop_due_[tau]: some candidate is dropped in PruneAgainst(tau).
  std::vector<unsigned char> drop_due_;
  std::size_t dropped_ = 0;
  std::size_t exact_evaluations_ = 0;
};

}  // namespace kpiwatch::segment
