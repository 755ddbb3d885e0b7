#include "detectors/segment/pelt.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "detectors/segment/pelt_meanvar.h"
#include "detectors/stats/vector_math.h"

namespace kpiwatch::segment {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
// A candidate's attention flags: its range shrank (holes may now cut it), or PELT's
// inequality prunes it.
constexpr std::uint64_t kShrank = 1;
constexpr std::uint64_t kPrunable = 2;

// An interval of segment-parameter values.
struct Interval {
  double lower;
  double upper;
};

// PruneAgainst's first pass for a quadratic cost (SegmentCost::QuadraticSums), with the
// costs and sublevel intervals inline: budget = best[tau] - best[s] - Cost(s, tau), the
// range tightened to the interval mean(s, tau) +- sqrt(max(budget, 0) / (tau - s)), which
// is also tau's hole. Adds to attention[i] kShrank when the range shrank and kPrunable
// when the budget is negative (the flags stay until Compact handles them) and returns
// the flags of this pass, or-ed. Vectorised (no data-dependent branch).
KPIWATCH_VECTOR_CLONES
std::uint64_t QuadraticPrunePass(std::size_t count, const std::size_t* begins, std::size_t tau,
                                 SegmentCost::QuadraticSums sums, const double* best,
                                 double* __restrict lowers, double* __restrict uppers,
                                 double* __restrict hole_lowers, double* __restrict hole_uppers,
                                 std::uint64_t* __restrict attention) {
  const double best_tau = best[tau];
  std::uint64_t any = 0;
#pragma omp simd reduction(| : any)
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t begin = begins[i];
    const double budget = best_tau - best[begin] - sums.Cost(begin, tau);
    const double mean = sums.Mean(begin, tau);
    const double half_width =
        std::sqrt((budget > 0.0 ? budget : 0.0) * sums.inverse_length[tau - begin]);
    const double lower_new = mean - half_width;
    const double upper_new = mean + half_width;
    const double lower = lowers[i];
    const double upper = uppers[i];
    const std::uint64_t flag =
        ((lower_new > lower) | (upper_new < upper)) * kShrank | (budget < 0.0) * kPrunable;
    attention[i] |= flag;  // 64 bits, the width of the double lanes
    any |= flag;
    lowers[i] = lower_new > lower ? lower_new : lower;
    uppers[i] = upper_new < upper ? upper_new : upper;
    hole_lowers[i] = lower_new;
    hole_uppers[i] = upper_new;
  }
  return any;
}

// values[i] = best[s] + Cost(s, end) + penalty for a quadratic cost; returns the smallest.
KPIWATCH_VECTOR_CLONES
double QuadraticValues(std::size_t count, const std::size_t* begins, std::size_t end,
                       SegmentCost::QuadraticSums sums, const double* best, double penalty,
                       double* __restrict values) {
  double smallest = kInfinity;
#pragma omp simd reduction(min : smallest)
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t begin = begins[i];
    const double value = best[begin] + sums.Cost(begin, end) + penalty;
    values[i] = value;
    smallest = value < smallest ? value : smallest;
  }
  return smallest;
}

// Makes buffer hold at least count values, growing by doubling and never shrinking: the
// per-candidate scratch buffers change size by about one element per row, and resizing
// them to the exact count each time cost more than the loops that use them.
void GrowTo(std::vector<double>& buffer, std::size_t count) {
  if (buffer.size() < count) buffer.resize(std::max(count, 2 * buffer.size()));
}

// The first i with values[i] == value (count - 1 if none). The best candidate is usually
// among the first (the oldest survivors), so a scan with an early exit does best.
std::size_t FirstIndexOf(const double* values, std::size_t count, double value) {
  std::size_t first = 0;
  while (first + 1 < count && !(values[first] == value)) ++first;
  return first;
}

// The candidate last change points of PELT, with what functional pruning knows of each.
//
// Candidate s is optimal at time t for the parameter value theta only if no other
// candidate is better there. Against a later candidate tau that is the comparison
// best[s] + L(s, tau; theta) <= best[tau], against an earlier s' it is
// best[s'] + L(s', s; theta) >= best[s]; neither depends on t. So the parameter values at
// which s can still be optimal are [lower, upper] (the intersection of the sublevel
// intervals against the later candidates) minus the open intervals ("holes") where an
// earlier candidate is strictly better. Holes that contain an end of [lower, upper] are cut
// off it until none does, which leaves `lower` outside every hole, so s is dropped when
// nothing is left: FPOP's rule, with the set kept as its hull. (For quadratic costs the
// holes cut and the drops happen every few rows; the set and the result are the same.)
class Candidates {
 public:
  // min_segment: the lag m between a candidate's Choose and its pruning comparison;
  // rows: the length of the series, which bounds the number of candidates (the buffers
  // are reserved once: on monthly series their growth cost more than the search).
  // The cost's QuadraticSums are used inline when it has them, else its virtual functions.
  Candidates(const SegmentCost& cost, bool functional, std::size_t min_segment, std::size_t rows)
      : cost_(cost),
        functional_(functional || cost.quadratic_sums() != nullptr),
        quadratic_(cost.quadratic_sums()),
        lag_(min_segment) {
    const std::size_t most = rows / min_segment + 2;
    for (auto* buffer :
         {&lower_, &upper_, &scratch_, &budgets_, &clamped_, &lower_new_, &upper_new_}) {
      buffer->reserve(most);
    }
    attention_.reserve(most);
    values_.reserve(most);
    begins_.reserve(most);
    hole_first_.reserve(most);
    hole_last_.reserve(most);
    if (quadratic_ == nullptr) history_.reserve(most * min_segment);
    holes_.reserve(4 * most);
  }

  // Drops every candidate s that admitted candidate `tau` beats for good, and notes
  // where the remaining ones beat `tau` (the holes of `tau`, used by the next Add).
  void PruneAgainst(std::size_t tau, const std::vector<double>& best) {
    const SegmentCost& cost = cost_;
    const std::size_t count = begins_.size();
    for (auto* buffer : {&lower_new_, &upper_new_}) GrowTo(*buffer, count);
    pending_holes_ = 0;
    if (quadratic_ != nullptr) {
      pending_holes_ = count;
      std::uint64_t any = QuadraticPrunePass(count, begins_.data(), tau, *quadratic_, best.data(),
                                             lower_.data(), upper_.data(), lower_new_.data(),
                                             upper_new_.data(), attention_.data());
      // The flagged candidates are dropped or cut every kCompactEvery rows, not every row:
      // pruning is optional, and a candidate kept a few rows longer costs less in the
      // vector passes than a branchy compaction per row.
      ++rows_since_compact_;
      if (any && rows_since_compact_ >= kCompactEvery) {
        Compact(true);
        rows_since_compact_ = 0;
      }
      CheckHolePool();
      return;
    }
    // Choose(tau) already computed Cost(s, tau) for every candidate admitted by then (it
    // is kept in the candidate's slot tau % m); only the later ones need it now.
    const std::size_t lag = lag_;
    const double* history = history_.data() + tau % lag;
    const std::size_t* begins = begins_.data();
    const double* best_values = best.data();
    const double best_tau = best[tau];
    for (auto* buffer : {&budgets_, &clamped_}) GrowTo(*buffer, count);
    double* budgets = budgets_.data();
    double* clamped = clamped_.data();
    // Candidates are in begin order: those admitted before tau - m + 1 come first.
    std::size_t recent = count;
    while (recent > 0 && begins[recent - 1] + lag > tau) --recent;
    for (std::size_t i = 0; i < recent; ++i) {
      budgets[i] = best_tau - best_values[begins[i]] - history[i * lag];
      clamped[i] = std::max(budgets[i], 0.0);
    }
    for (std::size_t i = recent; i < count; ++i) {
      budgets[i] = best_tau - best_values[begins[i]] - cost.Cost(begins[i], tau);
      clamped[i] = std::max(budgets[i], 0.0);
    }
    bool intervals = functional_ && count > 0 &&
                     cost.SublevelIntervals(begins_, tau, std::span(clamped_.data(), count),
                                            std::span(lower_new_.data(), count),
                                            std::span(upper_new_.data(), count));
    const double* lowers_new = lower_new_.data();
    const double* uppers_new = upper_new_.data();
    double* lowers = lower_.data();
    double* uppers = upper_.data();
    // First pass, without data-dependent branches: every range takes its new bound, and
    // a candidate needs the second pass when PELT's inequality drops it or its range
    // shrank (no hole contains an end of a range, so only then can one). On most rows no
    // candidate does. Candidate i is strictly better than tau inside its open sublevel
    // interval: those intervals are tau's holes (empty where the budget is 0, and for the
    // dropped ones, whose clamped budget is 0).
    std::uint64_t* attention = attention_.data();
    std::uint64_t any = 0;
    if (intervals) {
      pending_holes_ = count;
      for (std::size_t i = 0; i < count; ++i) {
        const std::uint64_t shrank = (lowers_new[i] > lowers[i]) | (uppers_new[i] < uppers[i]);
        attention[i] = shrank * kShrank | (budgets[i] < 0.0) * kPrunable;
        any |= attention[i];
        lowers[i] = std::max(lowers[i], lowers_new[i]);
        uppers[i] = std::min(uppers[i], uppers_new[i]);
      }
    } else {
      for (std::size_t i = 0; i < count; ++i) {
        attention[i] = (budgets[i] < 0.0) * kPrunable;
        any |= attention[i];
      }
    }
    if (any) Compact(intervals);
    CheckHolePool();
  }

  // Admits `begin`; its holes are those noted by the PruneAgainst(begin, ...) just
  // before (none for the first candidate).
  void Add(std::size_t begin, const std::vector<double>& /*best*/) {
    begins_.push_back(begin);
    attention_.push_back(0);
    if (quadratic_ == nullptr) history_.resize(begins_.size() * lag_);
    lower_.push_back(-kInfinity);
    upper_.push_back(kInfinity);
    hole_first_.push_back(holes_.size());
    for (std::size_t k = 0; k < pending_holes_; ++k) {
      if (lower_new_[k] < upper_new_[k]) holes_.push_back({lower_new_[k], upper_new_[k]});
    }
    pending_holes_ = 0;
    hole_last_.push_back(holes_.size());
  }

  // Sets best[end] and last[end] to the best segmentation of rows [0, end).
  void Choose(std::size_t end, double penalty, std::vector<double>& best,
              std::vector<std::size_t>& last) {
    const SegmentCost& cost = cost_;
    const std::size_t count = begins_.size();
    const std::size_t lag = lag_;
    if (quadratic_ != nullptr) {
      GrowTo(values_, count);
      double best_value = QuadraticValues(count, begins_.data(), end, *quadratic_, best.data(),
                                          penalty, values_.data());
      best[end] = best_value;
      last[end] = count > 0 ? begins_[FirstIndexOf(values_.data(), count, best_value)] : 0;
      return;
    }
    // With m = 1 the history is one cost per candidate: write it in place.
    std::span<double> costs_out(
        lag == 1 ? history_.data() : (GrowTo(scratch_, count), scratch_.data()), count);
    cost.Costs(begins_, end, costs_out);
    const std::size_t* begins = begins_.data();
    const double* costs = costs_out.data();
    const double* best_values = best.data();
    double* history = history_.data() + end % lag;
    // The smallest value by a vector reduction, then the first candidate that has it
    // (which candidate is best changes unpredictably on noise: no branch per candidate).
    GrowTo(values_, count);
    double* values = values_.data();
    double best_value = kInfinity;
#pragma omp simd reduction(min : best_value)
    for (std::size_t i = 0; i < count; ++i) {
      values[i] = best_values[begins[i]] + costs[i] + penalty;
      // (A select, not std::min: GCC vectorises only this form of a min reduction.)
      best_value = values[i] < best_value ? values[i] : best_value;
    }
    std::size_t first_best = count > 0 ? FirstIndexOf(values, count, best_value) : 0;
    if (lag != 1) {
      for (std::size_t i = 0; i < count; ++i) history[i * lag] = costs[i];
    }
    best[end] = best_value;
    last[end] = count > 0 ? begins[first_best] : 0;
  }

 private:
  // Second pass of PruneAgainst: drops the flagged candidates that PELT's inequality
  // prunes (a negative budget since the last Compact) or whose range the holes empty,
  // clears the flags and closes the gaps.
  void Compact(bool intervals) {
    const std::size_t count = begins_.size();
    const std::size_t lag = lag_;
    std::uint64_t* attention = attention_.data();
    // Nothing moves before the first flagged candidate (often the newest, the last).
    std::size_t first = 0;
    while (first < count && !attention[first]) ++first;
    std::size_t kept = first;
    for (std::size_t i = first; i < count; ++i) {
      if (attention[i]) {
        if (attention[i] & kPrunable) continue;  // PELT's inequality pruning
        if (intervals && !CutHoles(lower_[i], upper_[i], hole_first_[i], hole_last_[i])) continue;
      }
      if (kept != i) {
        begins_[kept] = begins_[i];
        lower_[kept] = lower_[i];
        upper_[kept] = upper_[i];
        hole_first_[kept] = hole_first_[i];
        hole_last_[kept] = hole_last_[i];
        if (quadratic_ == nullptr) {
          std::copy_n(history_.data() + i * lag, lag, history_.data() + kept * lag);
        }
      }
      attention[kept] = 0;
      ++kept;
    }
    Resize(kept);
  }

  // Cuts the holes [first, last) that contain an end of [lower, upper] off it, until no
  // hole does, and forgets the holes used or outside it (the range shrinks; holes are
  // unordered). False when nothing is left.
  bool CutHoles(double& lower, double& upper, std::size_t& first, std::size_t& last) {
    if (lower > upper) return false;
    bool cut = true;
    while (cut) {
      cut = false;
      for (std::size_t k = first; k < last;) {
        const Interval hole = holes_[k];
        bool outside = hole.upper <= lower || hole.lower >= upper;
        bool cuts_lower = !outside && hole.lower < lower;
        bool cuts_upper = !outside && hole.upper > upper;
        if (!outside && !cuts_lower && !cuts_upper) {
          ++k;
          continue;
        }
        if (cuts_lower) {
          lower = hole.upper;
        } else if (cuts_upper) {
          upper = hole.lower;
        }
        if (lower > upper) return false;
        cut = cut || cuts_lower || cuts_upper;
        holes_[k] = holes_[--last];
      }
    }
    return true;
  }

  void Resize(std::size_t count) {
    begins_.resize(count);
    lower_.resize(count);
    upper_.resize(count);
    hole_first_.resize(count);
    hole_last_.resize(count);
    attention_.resize(count);
    if (quadratic_ == nullptr) history_.resize(count * lag_);
  }

  // Compacts the hole pool when mostly dead; counts the live holes every 4096 new ones.
  void CheckHolePool() {
    if (holes_.size() <= next_hole_check_) return;
    std::size_t live_holes = 0;
    for (std::size_t i = 0; i < begins_.size(); ++i) live_holes += hole_last_[i] - hole_first_[i];
    if (holes_.size() > 4 * live_holes + 4096) CompactHoles();
    next_hole_check_ = holes_.size() + 4096;
  }

  // Moves the live holes to the front of the pool.
  void CompactHoles() {
    std::size_t out = 0;
    for (std::size_t i = 0; i < begins_.size(); ++i) {
      std::size_t first = out;
      for (std::size_t k = hole_first_[i]; k < hole_last_[i]; ++k) holes_[out++] = holes_[k];
      hole_first_[i] = first;
      hole_last_[i] = out;
    }
    holes_.resize(out);
  }

  const SegmentCost& cost_;
  bool functional_;
  const SegmentCost::QuadraticSums* quadratic_;
  std::size_t lag_;
  // history_[i * lag_ + end % lag_] = Cost(begins_[i], end) for the last lag_ Choose ends.
  std::vector<double> history_;
  std::vector<std::size_t> begins_;
  std::vector<double> lower_;
  std::vector<double> upper_;
  std::vector<std::size_t> hole_first_;  // candidate i's holes are holes_[first, last)
  std::vector<std::size_t> hole_last_;
  std::vector<Interval> holes_;
  // Holes for the next Add: (lower_new_[k], upper_new_[k]) for k < pending_holes_.
  std::size_t pending_holes_ = 0;
  std::vector<double> scratch_;
  std::vector<double> budgets_;
  std::vector<double> clamped_;
  std::vector<double> lower_new_;
  std::vector<double> upper_new_;
  std::vector<std::uint64_t> attention_;
  std::size_t rows_since_compact_ = 0;             // quadratic costs: rows since the last Compact
  static constexpr std::size_t kCompactEvery = 4;  // 2, 4 and 8 measured alike, 16 slower
  std::vector<double> values_;                     // Choose's best[s] + Cost(s, end) + penalty
  std::size_t next_hole_check_ = 4096;             // pool size at which to count the live holes
};

// Optimal partitioning over the candidate set (Candidates or MeanVarianceCandidates).
template <class CandidateSet>
Segmentation Search(std::size_t n, std::size_t m, double penalty, CandidateSet& candidates) {
  std::vector<double> best(n + 1, kInfinity);
  std::vector<std::size_t> last(n + 1, 0);
  best[0] = -penalty;
  for (std::size_t t = m; t <= n; ++t) {
    std::size_t tau = t - m;  // becomes a possible last change now
    if (tau == 0 || tau >= m) {
      if (tau > 0) candidates.PruneAgainst(tau, best);
      candidates.Add(tau, best);
    }
    candidates.Choose(t, penalty, best, last);
  }

  Segmentation result;
  result.penalised_cost = best[n];
  for (std::size_t end = n; last[end] > 0; end = last[end])
    result.change_points.push_back(last[end]);
  std::reverse(result.change_points.begin(), result.change_points.end());
  return result;
}

}  // namespace

Segmentation Pelt(const SegmentCost& cost, double penalty, std::size_t min_segment) {
  const std::size_t n = cost.size();
  const std::size_t m = std::max<std::size_t>({min_segment, cost.MinimumSegment(), 1});
  if (n < 2 * m) return {{}, n == 0 ? 0.0 : cost.Cost(0, n)};

  if (const SegmentCost::MeanVarianceSums* sums = cost.mean_variance_sums()) {
    MeanVarianceCandidates candidates(*sums, m, n);
    return Search(n, m, penalty, candidates);
  }
  // Probe once whether the cost supports functional pruning.
  std::vector<std::size_t> probe_begin{0};
  std::vector<double> probe_budget{0.0}, probe_lower{0.0}, probe_upper{0.0};
  bool functional = cost.SublevelIntervals(probe_begin, 1, probe_budget, probe_lower, probe_upper);
  Candidates candidates(cost, functional, m, n);
  return Search(n, m, penalty, candidates);
}

}  // namespace kpiwatch::segment
