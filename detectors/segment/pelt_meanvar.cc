#include "detectors/segment/pelt_meanvar.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "detectors/stats/vector_math.h"

namespace kpiwatch::segment {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr std::size_t kNotPruned = std::numeric_limits<std::size_t>::max();

// The rounding margin of a bound, relative to n (|log r| + 1 + c + |u| + u^2 + |u|^3):
// the bound's own rounding and that of the exact cost are a few ulp of
// n (|log v| + 1), and the two compute RSS differently (S^2 * (1 / n) against S^2 / n),
// which moves v by a few ulp of c = Q / (n r), the sum of squares over the variance.
// 1e-12 is some 4,500 ulp: generous, and still far below any gap that matters.
constexpr double kMargin = 1e-12;
// Bounds are used only where they hold and the margin is small: u in [-1/2, 1000], v at
// least 4 floors (the exact variance is then not floored either) and c <= 1e12 (the two
// RSS agree to 0.2%). Elsewhere they are widened by kUnusable. A bound is NaN only when
// the sums overflow; every test below takes NaN as "cannot tell", which computes the
// cost exactly.
constexpr double kLowestRatio = -0.5;
constexpr double kHighestRatio = 1e3;
constexpr double kLowestVariance = 4.0 * SegmentCost::MeanVarianceSums::kVarianceFloor;
constexpr double kWorstConditioning = 1e12;
constexpr double kUnusable = 1e300;
// Added to a dropped candidate's values: above every live candidate's bounds.
constexpr double kInert = 1e306;
constexpr double kThird = 1.0 / 3.0;
constexpr double kSixth = 1.0 / 6.0;
// Candidates per early-exit test of the scans in Choose.
constexpr std::size_t kBlock = 16;

// The per-candidate columns the bounds read and write.
struct BoundColumns {
  const double* begin_rows;
  const double* start_values;
  const double* start_sums;
  const double* start_squares;
  const double* start_squares_low;
  const double* reference_logs;
  const double* reference_inverses;
  const double* inert_offsets;
  double* lower_costs;
  double* upper_costs;
  double* lower_values;
};

// Bounds every candidate's cost of [begin, end) (see the header) and its value
// best[begin] + cost + penalty from below; returns the smallest value bound from above.
// Vectorised: a division and no log per candidate, and no branch (GCC does not
// vectorise a select between computed values under trapping math, so unusable bounds
// are widened by adding a selected constant).
KPIWATCH_VECTOR_CLONES
double BoundCosts(std::size_t count, BoundColumns columns, double end_row, double end_sum,
                  double end_squares, double end_squares_low, double penalty) {
  double smallest_upper = kInfinity;
#pragma omp simd reduction(min : smallest_upper)
  for (std::size_t i = 0; i < count; ++i) {
    const double length = end_row - columns.begin_rows[i];
    const double inverse_length = 1.0 / length;
    const double segment_sum = end_sum - columns.start_sums[i];
    const double segment_squares = SegmentCost::MeanVarianceSums::SegmentSquares(
        end_squares, columns.start_squares[i], end_squares_low, columns.start_squares_low[i]);
    const double variance =
        (segment_squares - segment_sum * segment_sum * inverse_length) * inverse_length;
    const double reference_inverse = columns.reference_inverses[i];
    const double reference_log = columns.reference_logs[i];
    const double u = variance * reference_inverse - 1.0;
    const double conditioning = segment_squares * inverse_length * reference_inverse;
    const std::uint64_t usable = (u >= kLowestRatio) & (u <= kHighestRatio) &
                                 (variance >= kLowestVariance) & (conditioning <= kWorstConditioning);
    const double size = std::fabs(u);
    const double margin = kMargin * length *
                          (std::fabs(reference_log) + 1.0 + conditioning + size * (1.0 + size * (1.0 + size)));
    const double widening = usable != 0 ? 0.0 : kUnusable;
    const double q = reference_log + 1.0 + u - 0.5 * u * u;
    // (2/3) min(u^3, 0) and max(u^3, 0) / 3 through |u^3|: selects would be branches.
    const double cube = u * u * u;
    // (Multiplied by rounded thirds and sixths, which the margin covers: divisions would
    // take most of the loop's time.)
    const double lower = length * (q + (cube - std::fabs(cube)) * kThird) - margin - widening;
    const double upper = length * (q + (cube + std::fabs(cube)) * kSixth) + margin + widening;
    columns.lower_costs[i] = lower;
    columns.upper_costs[i] = upper;
    const double start = columns.start_values[i];
    const double inert = columns.inert_offsets[i];
    columns.lower_values[i] = start + lower + penalty + inert;
    const double upper_value = start + upper + penalty + inert;
    smallest_upper = upper_value < smallest_upper ? upper_value : smallest_upper;
  }
  return smallest_upper;
}

// PELT's inequality against `best_end` from the cost bounds, for the candidates not yet
// settled: flags[i] = 1 when the candidate is pruned (best_end - best[begin] - cost < 0
// for every cost within its bounds), 2 when the bounds cannot tell, else 0. Returns
// whether any flag is set.
KPIWATCH_VECTOR_CLONES
bool CompareBounds(std::size_t count, const double* start_values, const double* lower_costs,
                   const double* upper_costs, const std::uint64_t* settled, double best_end,
                   std::uint64_t* __restrict flags) {
  std::uint64_t any = 0;
#pragma omp simd reduction(| : any)
  for (std::size_t i = 0; i < count; ++i) {
    const double budget = best_end - start_values[i];
    const std::uint64_t pruned = budget - lower_costs[i] < 0.0;
    const std::uint64_t kept = budget - upper_costs[i] >= 0.0;
    const std::uint64_t flag = (pruned | ((1 - pruned) & (1 - kept)) << 1) & (settled[i] - 1);
    flags[i] = flag;
    any |= flag;
  }
  return any != 0;
}

}  // namespace

MeanVarianceCandidates::MeanVarianceCandidates(const SegmentCost::MeanVarianceSums& sums,
                                               std::size_t min_segment, std::size_t rows)
    : sums_(sums), lag_(min_segment), drop_due_(rows + 1, 0) {
  const std::size_t most = rows / min_segment + 2;
  begins_.reserve(most);
  pruned_at_.reserve(most);
  settled_.reserve(most);
  flags_.reserve(most);
  for (auto* column : {&begin_rows_, &start_values_, &start_sums_, &start_squares_, &start_squares_low_,
                       &reference_logs_, &reference_inverses_, &inert_offsets_, &lower_costs_,
                       &upper_costs_, &lower_values_}) {
    column->reserve(most);
  }
}

void MeanVarianceCandidates::PruneAgainst(std::size_t tau, const std::vector<double>& best) {
  const double best_tau = best[tau];
  // Those admitted since Choose(tau) (the newest, at most m - 1) are compared now, even
  // if a later Choose already settled them: they were admitted before tau's turn came,
  // so this comparison is the earlier one.
  for (std::size_t i = begins_.size(); i > 0 && begins_[i - 1] + lag_ > tau; --i) {
    const double cost = sums_.Segment(begins_[i - 1], tau).cost;
    if (best_tau - start_values_[i - 1] - cost < 0.0) {
      pruned_at_[i - 1] = tau;
      settled_[i - 1] = 1;
      drop_due_[tau] = 1;
    }
  }
  if (!drop_due_[tau]) return;
  for (std::size_t i = 0; i < begins_.size(); ++i) {
    if (pruned_at_[i] == tau) Drop(i);
  }
  if (4 * dropped_ > begins_.size()) Compact();
}

void MeanVarianceCandidates::Add(std::size_t begin, const std::vector<double>& best) {
  begins_.push_back(begin);
  begin_rows_.push_back(static_cast<double>(begin));
  start_values_.push_back(best[begin]);
  start_sums_.push_back(sums_.sum[begin]);
  start_squares_.push_back(sums_.squares[begin]);
  start_squares_low_.push_back(sums_.squares_low[begin]);
  reference_logs_.push_back(0.0);
  reference_inverses_.push_back(0.0);  // no reference yet: the first bounds are unusable
  inert_offsets_.push_back(0.0);
  settled_.push_back(0);
  pruned_at_.push_back(kNotPruned);
}

void MeanVarianceCandidates::Choose(std::size_t end, double penalty, std::vector<double>& best,
                                    std::vector<std::size_t>& last) {
  const std::size_t count = begins_.size();
  lower_costs_.resize(count);
  upper_costs_.resize(count);
  lower_values_.resize(count);
  const BoundColumns columns{begin_rows_.data(),     start_values_.data(),       start_sums_.data(),
                             start_squares_.data(),  start_squares_low_.data(),  reference_logs_.data(),
                             reference_inverses_.data(), inert_offsets_.data(), lower_costs_.data(),
                             upper_costs_.data(),    lower_values_.data()};
  const double smallest_upper = BoundCosts(count, columns, static_cast<double>(end), sums_.sum[end],
                                           sums_.squares[end], sums_.squares_low[end], penalty);
  // Only a candidate whose lower bound is at most every upper bound can be the best.
  double best_value = kInfinity;
  std::size_t best_index = 0;
  const double* lower_values = lower_values_.data();
  for (std::size_t block = 0; block < count; block += kBlock) {
    const std::size_t stop = std::min(count, block + kBlock);
    std::uint64_t any = 0;
    for (std::size_t i = block; i < stop; ++i) any |= !(lower_values[i] > smallest_upper);
    if (!any) continue;
    for (std::size_t i = block; i < stop; ++i) {
      if (lower_values[i] > smallest_upper || inert_offsets_[i] != 0.0) continue;
      const double value = start_values_[i] + Exact(i, end) + penalty;
      if (value < best_value) {  // strict: the first of equals
        best_value = value;
        best_index = i;
      }
    }
  }
  best[end] = best_value;
  last[end] = count > 0 ? begins_[best_index] : 0;

  // PELT's inequality against `end`, which takes effect in PruneAgainst(end).
  flags_.resize(count);
  if (!CompareBounds(count, start_values_.data(), lower_costs_.data(), upper_costs_.data(),
                     settled_.data(), best_value, flags_.data())) {
    return;
  }
  for (std::size_t i = 0; i < count; ++i) {
    if (flags_[i] == 0) continue;
    // Undecided: the exact cost decides.
    if (flags_[i] == 2 && !(best_value - start_values_[i] - Exact(i, end) < 0.0)) continue;
    pruned_at_[i] = end;
    settled_[i] = 1;
    drop_due_[end] = 1;
  }
}

double MeanVarianceCandidates::Exact(std::size_t i, std::size_t end) {
  ++exact_evaluations_;
  const SegmentCost::MeanVarianceSums::Fit fit = sums_.Segment(begins_[i], end);
  const bool floored = !(fit.variance > SegmentCost::MeanVarianceSums::kVarianceFloor);
  reference_logs_[i] = floored ? 0.0 : fit.log_variance;
  reference_inverses_[i] = floored ? 0.0 : 1.0 / fit.variance;
  lower_costs_[i] = fit.cost;
  upper_costs_[i] = fit.cost;
  return fit.cost;
}

void MeanVarianceCandidates::Drop(std::size_t i) {
  inert_offsets_[i] = kInert;
  ++dropped_;
}

void MeanVarianceCandidates::Compact() {
  const std::size_t count = begins_.size();
  // Column by column, without a branch per candidate.
  auto squeeze = [&](auto& column) {
    std::size_t kept = 0;
    for (std::size_t i = 0; i < count; ++i) {
      column[kept] = column[i];
      kept += inert_offsets_[i] == 0.0;
    }
    column.resize(kept);
  };
  squeeze(begins_);
  squeeze(begin_rows_);
  squeeze(start_values_);
  squeeze(start_sums_);
  squeeze(start_squares_);
  squeeze(start_squares_low_);
  squeeze(reference_logs_);
  squeeze(reference_inverses_);
  squeeze(settled_);
  squeeze(pruned_at_);
  squeeze(inert_offsets_);  // last: the others read it
  dropped_ = 0;
}

}  // namespace kpiwatch::segment
