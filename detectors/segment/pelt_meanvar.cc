#include "detectors/segment/pelt_meanvar.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "detectors/stats/vector_math.h"

namespace kpiwatch::segment {
namespace {

using Sums = SegmentCost::MeanVarianceSums;

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr std::size_t kNotPruned = std::numeric_limits<std::size_t>::max();
constexpr std::size_t kNoCandidate = std::numeric_limits<std::size_t>::max();
// Candidates per anchor: one log per block. The bound of a candidate loses about the
// rows between it and its anchor.
constexpr std::size_t kBlock = 8;
// The most steps a block's bound is reused for (see KeptBlocks); then it is bounded
// afresh, which also lets PELT's inequality prune its candidates.
constexpr std::size_t kLongestReuse = 32;
// The unit roundoff 2^-53, with slack, and a few of it.
constexpr double kRoundoff = 1.2e-16;
constexpr double kFewRoundoffs = 1e-15;
// The share of a segment's sum of squares given up to bound the rounding of its sum
// without a square root (AnchorBounds): a relative 1e-8 of an RSS moves the cost by
// 1e-8 n, nothing beside the penalty.
constexpr double kSumSlack = 1e-8;
// The rounding margin of a bound, relative to n (2 |x| + 2 (n - n_a) / n_a + 2): the
// bound's own rounding, the vector log's (at most 4 ulp) and the exact cost's are a few
// ulp of those terms. 1e-12 is some 4,500 ulp: generous, and still far below any gap that
// matters.
constexpr double kMargin = 1e-12;
// Added to a dropped candidate's values: above every live candidate's bounds.
constexpr double kInert = 1e306;
constexpr double kInverseFloor = 1.0 / Sums::kVarianceFloor;

PrefixSumRounding BoundRounding(const Sums& sums, std::size_t rows) {
  PrefixSumRounding rounding;
  double sum_total = 0.0, low_total = 0.0;
  for (std::size_t i = 0; i <= rows; ++i) {
    rounding.finite = rounding.finite && std::isfinite(sums.sum[i]) &&
                      std::isfinite(sums.squares[i]) && std::isfinite(sums.squares_low[i]);
    sum_total += std::fabs(sums.sum[i]);
    low_total += std::fabs(sums.squares_low[i]);
    rounding.largest_low = std::max(rounding.largest_low, std::fabs(sums.squares_low[i]));
  }
  // (The totals' own rounding is a relative u * rows, covered by the slack of kRoundoff
  // only for rows < 1e14; the factor 2 covers it for any series that fits in memory.)
  rounding.sum = 2.0 * kRoundoff * sum_total;
  rounding.squares = 2.0 * kRoundoff * low_total;
  // (A series shorter than the window has one window, itself.)
  const std::size_t width = std::min(kLongestReuse, rows);
  for (std::size_t i = 0; i + width <= rows; ++i) {
    const double window = Sums::SegmentSquares(sums.squares[i + width], sums.squares[i],
                                               sums.squares_low[i + width], sums.squares_low[i]);
    rounding.window_squares = std::max(rounding.window_squares, std::fabs(window));
  }
  rounding.window_squares = rounding.window_squares * (1.0 + kFewRoundoffs) +
                            kFewRoundoffs * 4.0 * rounding.largest_low + 2.0 * rounding.squares;
  rounding.finite = rounding.finite && std::isfinite(rounding.sum) &&
                    std::isfinite(rounding.squares) && std::isfinite(rounding.window_squares);
  return rounding;
}

// The vector loops that call libmvec's log run on whole vectors of this many lanes (4
// with AVX2, 2 without): a remainder would call the scalar log, one lane at a time.
constexpr std::size_t kLogLanes = 4;
std::size_t PaddedToLanes(std::size_t count) {
  return (count + kLogLanes - 1) / kLogLanes * kLogLanes;
}

// What AnchorBounds reads and writes, per block.
struct AnchorColumns {
  const std::size_t* first_begins;
  const std::size_t* anchor_begins;
  const double* anchor_rows;
  double* log_ratios;
  double* floor_ratios;
};

// For every block listed: A, a lower bound on the computed RSS of [s, t) for each
// candidate s of the block and every t from end to end + kLongestReuse (the anchor's
// computed RSS of [anchor, end), less the rounding that may separate two computed RSS
// from the exact ones, which obey RSS(s, t) >= RSS(anchor, end)), as log(A / n_a) and
// A / floor. Vectorised, with libmvec's log.
KPIWATCH_VECTOR_CLONES
void AnchorBounds(std::size_t listed, const Sums& sums, const PrefixSumRounding& rounding,
                  std::size_t end, AnchorColumns columns) {
  const double end_row = static_cast<double>(end);
  const double end_sum = sums.sum[end];
  const double end_squares = sums.squares[end];
  const double end_low = sums.squares_low[end];
  const double sum_error = rounding.sum;
  const double squares_error = rounding.squares;
  const double largest_low = rounding.largest_low;
  const double window_squares = rounding.window_squares;
#pragma omp simd
  for (std::size_t k = 0; k < listed; ++k) {
    const std::size_t anchor = columns.anchor_begins[k];
    const std::size_t first = columns.first_begins[k];
    const double anchor_length = end_row - columns.anchor_rows[k];
    const double anchor_sum = end_sum - sums.sum[anchor];
    const double anchor_squares =
        Sums::SegmentSquares(end_squares, sums.squares[anchor], end_low, sums.squares_low[anchor]);
    const double anchor_rss = anchor_squares - anchor_sum * anchor_sum / anchor_length;
    // Every segment [s, t) of the block lies within [first, end + kLongestReuse): its
    // exact sum of squares Q is at most squares_cap, and its exact sum S is at most
    // sqrt(n Q) in size.
    const double first_squares =
        Sums::SegmentSquares(end_squares, sums.squares[first], end_low, sums.squares_low[first]);
    const double squares_cap = std::fabs(first_squares) * (1.0 + kFewRoundoffs) +
                               kFewRoundoffs * 4.0 * largest_low + 2.0 * squares_error +
                               window_squares;
    // Each computed RSS (the anchor's and a candidate's) is within 2 E_Q + 3 eps Q +
    // 4 eps L + |S^2 - S'^2| / n of the exact one, where the computed sum S' is within
    // D + eps |S| of S (D = 2 E_S, the rounding of two prefix sums). With 2ab <= r a^2 +
    // b^2 / r (r = kSumSlack) and S^2 / n <= Q, |S^2 - S'^2| / n <= (3 eps + r) Q +
    // 2.25 D^2 / (r n) + D^2 / n, free of a square root (which would stop GCC from
    // vectorising this loop). The rounded squares break monotonicity by at most u Q.
    const double prefix_rounding = 2.01 * sum_error;
    const double rounding_of_rss =
        4.0 * squares_error + 8.0 * kFewRoundoffs * largest_low +
        (20.0 * kFewRoundoffs + 2.0 * kSumSlack) * squares_cap +
        (4.5 / kSumSlack + 2.0) * prefix_rounding * prefix_rounding / anchor_length;
    const double lowest = anchor_rss - rounding_of_rss;
    const double floor_of_rss = 0.5 * (lowest + std::fabs(lowest));  // max(lowest, 0), no branch
    columns.log_ratios[k] = std::log(floor_of_rss / anchor_length);  // -inf when 0
    columns.floor_ratios[k] = floor_of_rss * kInverseFloor;
  }
}

// What LowerBounds reads and writes, per candidate.
struct CandidateColumns {
  const double* begin_rows;
  const double* start_values;
  const double* inert_offsets;
  double* lower_costs;
  double* lower_values;
};

// A block's bound for later steps (see KeptBlocks): computed at step `row`, it says that
// at step row + j (j <= kLongestReuse) every value of the block is at least
// value + j (slope - j / length), less a rounding margin of kMargin (|value| +
// (length + j) scale + j^2 / length), while slope - j / length > log floor.
struct BlockBoundColumns {
  double* rows;
  double* values;
  double* slopes;
  double* lengths;
  double* inverse_lengths;
  double* scales;
};

// For every block listed (blocks[r], its anchor terms at position r): each candidate's
// cost of [begin, end) bounded from below (see the header), its value best[begin] +
// bound + penalty, and the block's bound for later steps. Vectorised, no log.
KPIWATCH_VECTOR_CLONES
void LowerBounds(std::size_t listed, const std::size_t* blocks, std::size_t count, double end_row,
                 double penalty, double log_floor, const double* anchor_rows,
                 const double* log_ratios, const double* floor_ratios, CandidateColumns columns,
                 BlockBoundColumns block_bounds) {
  for (std::size_t r = 0; r < listed; ++r) {
    const std::size_t k = blocks[r];
    const std::size_t first = k * kBlock;
    const std::size_t stop = std::min(count, first + kBlock);
    const double anchor_length = end_row - anchor_rows[r];
    const double inverse_anchor_length = 1.0 / anchor_length;
    const double log_ratio = log_ratios[r];
    const double floor_ratio = floor_ratios[r];
    double smallest = kInfinity;
#pragma omp simd reduction(min : smallest)
    for (std::size_t i = first; i < stop; ++i) {
      const double length = end_row - columns.begin_rows[i];
      const double tangent = (length - anchor_length) * inverse_anchor_length;
      const double x = log_ratio - tangent;  // <= log(A / length)
      const double clamped = x > log_floor ? x : log_floor;
      const double floored_part = length < floor_ratio ? length : floor_ratio;
      // (|log_ratio| + tangent <= |x| + 2 tangent when x is not clamped; clamping is exact.)
      const double margin = kMargin * length * (2.0 * (std::fabs(clamped) + tangent) + 2.0);
      const double lower = length * clamped + floored_part - margin;
      columns.lower_costs[i] = lower;
      const double value = columns.start_values[i] + lower + penalty + columns.inert_offsets[i];
      columns.lower_values[i] = value;
      smallest = value < smallest ? value : smallest;
    }
    // The oldest candidate's segment is the longest: its x, log(A / n_first) bounded
    // from below, bounds log v of every segment of the block from below, now and later.
    const double first_length = end_row - columns.begin_rows[first];
    const double first_tangent = (first_length - anchor_length) * inverse_anchor_length;
    block_bounds.rows[k] = end_row;
    block_bounds.values[k] = smallest;
    block_bounds.slopes[k] = log_ratio - first_tangent;
    block_bounds.lengths[k] = first_length;
    block_bounds.inverse_lengths[k] = 1.0 / first_length;
    block_bounds.scales[k] = std::fabs(log_ratio) + first_tangent + 20.0;
  }
}

// Block k's bound at `end_row` from the bound computed at an earlier step (see
// KeptBlocks): while `holds` (at most kLongestReuse steps later, and no variance that may
// be floored), every value of the block is at least `lower`.
struct BlockLower {
  double lower;
  std::uint64_t holds;  // 1 or 0 (a bool would not vectorise)
};
inline BlockLower BlockLowerValue(const BlockBoundColumns& block_bounds, std::size_t k,
                                  double end_row, double log_floor) {
  const double steps = end_row - block_bounds.rows[k];
  const double length = block_bounds.lengths[k];
  const double inverse_length = block_bounds.inverse_lengths[k];
  const double slope = block_bounds.slopes[k] - steps * inverse_length;
  const double value = block_bounds.values[k];
  const double margin =
      kMargin * (std::fabs(value) + (length + steps) * (block_bounds.scales[k] + std::fabs(slope)) +
                 steps * steps * inverse_length);
  const std::uint64_t holds = (steps <= static_cast<double>(kLongestReuse)) & (slope > log_floor);
  return {value + steps * slope - margin, holds};
}

// Which blocks' bounds from earlier steps still exclude them from being the best at
// `end_row` (value above `bound`): keep[k] = 1. The others are bounded afresh.
//
// Why a bound holds later: a segment's cost g(R, n) = n log(R / n) + n (unfloored) grows
// with R, and R only grows as rows are added, so for j more rows the cost is at least
// g(A, n + j) >= g(A, n) + j log(A / (n + j)) (g is concave in n, with derivative
// log(R / n)), and log(A / (n + j)) >= log(A / n_first) - j / n_first.
KPIWATCH_VECTOR_CLONES
void KeptBlocks(std::size_t blocks, double end_row, double bound, double log_floor,
                BlockBoundColumns block_bounds, std::uint64_t* __restrict keep) {
#pragma omp simd
  for (std::size_t k = 0; k < blocks; ++k) {
    const BlockLower block = BlockLowerValue(block_bounds, k, end_row, log_floor);
    keep[k] = block.holds & (block.lower > bound);
  }
}

// PELT's inequality against `best_end` for the candidates not yet settled: flags[i] = 1
// when the cost bound (or the exact cost) proves best_end - best[begin] - cost < 0.
// Returns whether any flag is set.
KPIWATCH_VECTOR_CLONES
bool ComparePruned(std::size_t count, const double* start_values, const double* lower_costs,
                   const std::uint64_t* settled, double best_end, std::uint64_t* __restrict flags) {
  std::uint64_t any = 0;
#pragma omp simd reduction(| : any)
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint64_t pruned = best_end - start_values[i] - lower_costs[i] < 0.0;
    const std::uint64_t flag = pruned & (settled[i] ^ 1);
    flags[i] = flag;
    any |= flag;
  }
  return any != 0;
}

// Costs of [begin, end) for the listed candidates (indices), by the arithmetic of
// Sums::FitSegment written without branches (GCC does not vectorise FitSegment's selects)
// in vector lanes, where the log is libmvec's (within 4 ulp of the scalar log that
// defines the cost). Also each one's tolerance: how far the cost Exact() computes, and
// best[begin] + cost + penalty, may lie from these. (NaN, when sums overflow, fails every
// comparison, so the exact cost decides.)
KPIWATCH_VECTOR_CLONES
void ApproximateCosts(std::size_t listed, const std::size_t* indices, const std::size_t* begins,
                      const double* begin_rows, const double* start_values, const Sums& sums,
                      std::size_t end, double penalty, double* __restrict costs,
                      double* __restrict tolerances) {
  const double end_row = static_cast<double>(end);
  const double end_sum = sums.sum[end];
  const double end_squares = sums.squares[end];
  const double end_low = sums.squares_low[end];
#pragma omp simd
  for (std::size_t j = 0; j < listed; ++j) {
    const std::size_t begin = begins[indices[j]];
    // (From the double column: an unsigned conversion would be a branch.)
    const double length = end_row - begin_rows[indices[j]];
    const double segment_sum = end_sum - sums.sum[begin];
    const double segment_squares =
        Sums::SegmentSquares(end_squares, sums.squares[begin], end_low, sums.squares_low[begin]);
    const double centred = segment_squares - segment_sum * segment_sum / length;
    const double rss = 0.5 * centred + 0.5 * std::fabs(centred);  // max(centred, 0)
    const double fitted = rss / length;
    // max(fitted, floor) to a few ulp (GCC does not vectorise this select of FitSegment).
    const double variance =
        0.5 * (fitted + Sums::kVarianceFloor + std::fabs(fitted - Sums::kVarianceFloor));
    const double log_variance = std::log(variance);
    // n when the variance is not floored, else RSS / floor (which is then at most n).
    const double scaled = rss * kInverseFloor;
    const double tail = length < scaled ? length : scaled;
    costs[j] = length * log_variance + tail;
    tolerances[j] = kMargin * (std::fabs(start_values[indices[j]]) + std::fabs(penalty) +
                               length * (std::fabs(log_variance) + 2.0));
  }
}

}  // namespace

MeanVarianceCandidates::MeanVarianceCandidates(const SegmentCost::MeanVarianceSums& sums,
                                               std::size_t min_segment, std::size_t rows)
    : sums_(sums),
      rounding_(BoundRounding(sums, rows)),
      log_floor_(std::log(Sums::kVarianceFloor)),
      drop_due_(rows + 1, 0) {
  const std::size_t most = rows / min_segment + 2;
  const std::size_t most_blocks = most / kBlock + 1;
  begins_.reserve(most);
  pruned_at_.reserve(most);
  settled_.reserve(most);
  flags_.reserve(most);
  for (auto* column :
       {&begin_rows_, &start_values_, &inert_offsets_, &lower_costs_, &lower_values_}) {
    column->reserve(most);
  }
  for (auto* column : {&listed_, &first_begins_, &anchor_begins_}) column->reserve(most_blocks);
  for (auto* column :
       {&anchor_rows_, &anchor_log_ratios_, &anchor_floor_ratios_, &bound_rows_, &bound_values_,
        &bound_slopes_, &bound_lengths_, &bound_inverse_lengths_, &bound_scales_}) {
    column->reserve(most_blocks);
  }
  kept_.reserve(most_blocks);
}

void MeanVarianceCandidates::PruneAgainst(std::size_t tau, const std::vector<double>& /*best*/) {
  if (!drop_due_[tau]) return;
  for (std::size_t i = 0; i < begins_.size(); ++i) {
    if (pruned_at_[i] == tau) Drop(i);
  }
  if (4 * dropped_ > begins_.size()) Compact();
}

void MeanVarianceCandidates::Add(std::size_t begin, const std::vector<double>& best) {
  // The block it joins changes: its bound from earlier steps no longer covers it.
  const std::size_t block = begins_.size() / kBlock;
  if (block < bound_rows_.size()) bound_rows_[block] = -kInfinity;
  begins_.push_back(begin);
  begin_rows_.push_back(static_cast<double>(begin));
  start_values_.push_back(best[begin]);
  inert_offsets_.push_back(0.0);
  settled_.push_back(0);
  pruned_at_.push_back(kNotPruned);
}

void MeanVarianceCandidates::Choose(std::size_t end, double penalty, std::vector<double>& best,
                                    std::vector<std::size_t>& last) {
  const std::size_t count = begins_.size();
  const std::size_t blocks = (count + kBlock - 1) / kBlock;
  lower_costs_.resize(count);
  lower_values_.resize(count);
  for (auto* column : {&bound_rows_, &bound_values_, &bound_slopes_, &bound_lengths_,
                       &bound_inverse_lengths_, &bound_scales_}) {
    column->resize(blocks, -kInfinity);  // a new block has no bound yet
  }

  // The incumbent's exact value bounds the best from above: only a candidate whose lower
  // bound is not above it can be the best.
  std::size_t incumbent =
      incumbent_ < count && inert_offsets_[incumbent_] == 0.0 ? incumbent_ : count;
  double bound = kInfinity;
  double incumbent_cost = 0.0;
  if (incumbent < count) {
    incumbent_cost = Exact(incumbent, end);
    bound = start_values_[incumbent] + incumbent_cost + penalty;
  }
  BoundBlocks(end, penalty, bound);
  if (incumbent < count) {
    lower_costs_[incumbent] = incumbent_cost;
    lower_values_[incumbent] = bound;
  } else {
    // No incumbent (every block was bounded): the candidate of the smallest lower bound.
    for (std::size_t i = 0; i < count; ++i) {
      if (inert_offsets_[i] == 0.0 &&
          (incumbent >= count || lower_values_[i] < lower_values_[incumbent])) {
        incumbent = i;
      }
    }
    if (incumbent < count) {
      incumbent_cost = Exact(incumbent, end);
      bound = start_values_[incumbent] + incumbent_cost + penalty;
      lower_values_[incumbent] = bound;
    }
  }

  // The candidates that may be the best (lower bound not above the incumbent's value),
  // their costs in vector lanes, and exactly only where those cannot tell them from the
  // best.
  near_.resize(count);
  std::size_t near = 0;
  for (std::size_t k : listed_) {
    if (bound_values_[k] > bound) continue;
    const std::size_t stop = std::min(count, (k + 1) * kBlock);
    for (std::size_t i = k * kBlock; i < stop; ++i) {
      near_[near] = i;
      near += static_cast<std::size_t>(lower_values_[i] <= bound) &
              static_cast<std::size_t>(inert_offsets_[i] == 0.0) &
              static_cast<std::size_t>(i != incumbent);
    }
  }
  // Padded to whole vectors (repeating the last), so that no log runs in a scalar
  // remainder loop.
  const std::size_t padded_near = PaddedToLanes(near);
  near_.resize(std::max(count, padded_near));
  for (std::size_t j = near; j < padded_near; ++j) near_[j] = near_[near - 1];
  near_costs_.resize(padded_near);
  near_tolerances_.resize(padded_near);
  ApproximateCosts(padded_near, near_.data(), begins_.data(), begin_rows_.data(),
                   start_values_.data(), sums_, end, penalty, near_costs_.data(),
                   near_tolerances_.data());
  double smallest_upper = bound;
  for (std::size_t j = 0; j < near; ++j) {
    const std::size_t i = near_[j];
    const double value = start_values_[i] + near_costs_[j] + penalty;
    lower_values_[i] = value - near_tolerances_[j];
    lower_costs_[i] = near_costs_[j] - near_tolerances_[j];
    smallest_upper = std::min(smallest_upper, value + near_tolerances_[j]);
  }
  double best_value = incumbent < count ? bound : kInfinity;
  std::size_t best_index = incumbent < count ? incumbent : 0;
  for (std::size_t j = 0; j < near; ++j) {
    const std::size_t i = near_[j];
    if (lower_values_[i] > smallest_upper) continue;
    const double value = start_values_[i] + Exact(i, end) + penalty;
    if (value < best_value || (value == best_value && i < best_index)) {  // the first of equals
      best_value = value;
      best_index = i;
    }
  }
  best[end] = best_value;
  last[end] = count > 0 ? begins_[best_index] : 0;
  incumbent_ = count > 0 ? best_index : kNoCandidate;

  // PELT's inequality against `end` for the blocks bounded now, which takes effect in
  // PruneAgainst(end). (The others wait for their next bound: keeping a prunable
  // candidate longer changes nothing but time.)
  flags_.resize(kBlock);
  for (std::size_t k : listed_) {
    const std::size_t first = k * kBlock;
    const std::size_t stop = std::min(count, first + kBlock);
    if (!ComparePruned(stop - first, start_values_.data() + first, lower_costs_.data() + first,
                       settled_.data() + first, best_value, flags_.data())) {
      continue;
    }
    for (std::size_t i = first; i < stop; ++i) {
      if (flags_[i - first] == 0) continue;
      pruned_at_[i] = end;
      settled_[i] = 1;
      drop_due_[end] = 1;
    }
  }
}

void MeanVarianceCandidates::BoundBlocks(std::size_t end, double penalty, double bound) {
  const std::size_t count = begins_.size();
  const std::size_t blocks = bound_rows_.size();
  const double end_row = static_cast<double>(end);
  const BlockBoundColumns block_bounds{
      bound_rows_.data(),    bound_values_.data(),          bound_slopes_.data(),
      bound_lengths_.data(), bound_inverse_lengths_.data(), bound_scales_.data()};
  listed_.clear();
  if (rounding_.finite && bound < kInfinity) {
    kept_.resize(blocks);
    KeptBlocks(blocks, end_row, bound, log_floor_, block_bounds, kept_.data());
    listed_.resize(blocks);
    std::size_t listed = 0;
    for (std::size_t k = 0; k < blocks; ++k) {
      listed_[listed] = k;
      listed += kept_[k] ^ 1;
    }
    listed_.resize(listed);
  } else {
    for (std::size_t k = 0; k < blocks; ++k) listed_.push_back(k);
  }
  const std::size_t listed = listed_.size();
  if (!rounding_.finite) {
    // Every cost is computed: no bound, and none kept for later steps.
    std::fill(lower_costs_.begin(), lower_costs_.end(), -kInfinity);
    std::fill(lower_values_.begin(), lower_values_.end(), -kInfinity);
    std::fill(bound_values_.begin(), bound_values_.end(), -kInfinity);
    return;
  }
  // Padded to whole vectors (repeating the last block), so that no log runs in a scalar
  // remainder loop.
  const std::size_t padded = PaddedToLanes(listed);
  first_begins_.resize(padded);
  anchor_begins_.resize(padded);
  anchor_rows_.resize(padded);
  anchor_log_ratios_.resize(padded);
  anchor_floor_ratios_.resize(padded);
  for (std::size_t r = 0; r < padded; ++r) {
    const std::size_t first = listed_[std::min(r, listed - 1)] * kBlock;
    const std::size_t anchor = std::min(count, first + kBlock) - 1;
    first_begins_[r] = begins_[first];
    anchor_begins_[r] = begins_[anchor];
    anchor_rows_[r] = begin_rows_[anchor];
  }
  AnchorBounds(padded, sums_, rounding_, end,
               {first_begins_.data(), anchor_begins_.data(), anchor_rows_.data(),
                anchor_log_ratios_.data(), anchor_floor_ratios_.data()});
  LowerBounds(listed, listed_.data(), count, end_row, penalty, log_floor_, anchor_rows_.data(),
              anchor_log_ratios_.data(), anchor_floor_ratios_.data(),
              {begin_rows_.data(), start_values_.data(), inert_offsets_.data(), lower_costs_.data(),
               lower_values_.data()},
              block_bounds);
}

std::size_t MeanVarianceCandidates::BoundViolations(std::size_t end, double penalty) {
  const std::size_t count = begins_.size();
  const BlockBoundColumns block_bounds{
      bound_rows_.data(),    bound_values_.data(),          bound_slopes_.data(),
      bound_lengths_.data(), bound_inverse_lengths_.data(), bound_scales_.data()};
  std::vector<bool> listed(bound_rows_.size(), false);
  for (std::size_t k : listed_) listed[k] = true;
  std::size_t violations = 0;
  for (std::size_t i = 0; i < count; ++i) {
    if (inert_offsets_[i] != 0.0) continue;
    const double cost = sums_.Segment(begins_[i], end).cost;
    const std::size_t k = i / kBlock;
    if (listed[k]) {
      violations += lower_costs_[i] > cost;
    } else {
      const BlockLower block =
          BlockLowerValue(block_bounds, k, static_cast<double>(end), log_floor_);
      violations += !block.holds || block.lower > start_values_[i] + cost + penalty;
    }
  }
  return violations;
}

double MeanVarianceCandidates::Exact(std::size_t i, std::size_t end) {
  ++exact_evaluations_;
  const double cost = sums_.Segment(begins_[i], end).cost;
  lower_costs_[i] = cost;
  return cost;
}

void MeanVarianceCandidates::Drop(std::size_t i) {
  inert_offsets_[i] = kInert;
  ++dropped_;
}

void MeanVarianceCandidates::Compact() {
  const std::size_t count = begins_.size();
  if (incumbent_ < count) {
    const bool live = inert_offsets_[incumbent_] == 0.0;
    const std::size_t before = static_cast<std::size_t>(
        std::count(inert_offsets_.begin(),
                   inert_offsets_.begin() + static_cast<std::ptrdiff_t>(incumbent_), 0.0));
    incumbent_ = live ? before : kNoCandidate;
  }
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
  squeeze(settled_);
  squeeze(pruned_at_);
  squeeze(inert_offsets_);  // last: the others read it
  dropped_ = 0;
  // Every block changes.
  std::fill(bound_rows_.begin(), bound_rows_.end(), -kInfinity);
}

}  // namespace kpiwatch::segment
