#include "detectors/segment/pelt.h"

#include <algorithm>
#include <limits>
#include <span>
#include <vector>

namespace kpiwatch::segment {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// An interval of segment-parameter values.
struct Interval {
  double lower;
  double upper;
};

// The candidate last change points of PELT, with what functional pruning knows of each.
//
// Candidate s is optimal at time t for the parameter value theta only if no other
// candidate is better there. Against a later candidate tau that is the comparison
// best[s] + L(s, tau; theta) <= best[tau], against an earlier s' it is
// best[s'] + L(s', s; theta) >= best[s]; neither depends on t. So the parameter values at
// which s can still be optimal are [lower, upper] (the intersection of the sublevel
// intervals against the later candidates) minus the open intervals ("holes") where an
// earlier candidate is strictly better. Holes that contain an end of [lower, upper] are cut
// off it until none does, which leaves `lower` outside every hole, so s is dropped exactly
// when nothing is left: FPOP's rule, with the set kept as its hull.
class Candidates {
 public:
  // min_segment: the lag m between a candidate's Choose and its pruning comparison;
  // rows: the length of the series, which bounds the number of candidates (the buffers
  // are reserved once: on monthly series their growth cost more than the search).
  Candidates(bool functional, std::size_t min_segment, std::size_t rows)
      : functional_(functional), lag_(min_segment) {
    const std::size_t most = rows / min_segment + 2;
    for (auto* buffer : {&lower_, &upper_, &scratch_, &budgets_, &clamped_, &lower_new_, &upper_new_}) {
      buffer->reserve(most);
    }
    attention_.reserve(most);
    begins_.reserve(most);
    hole_first_.reserve(most);
    hole_last_.reserve(most);
    history_.reserve(most * min_segment);
    pending_holes_.reserve(most);
    holes_.reserve(4 * most);
  }

  // Drops every candidate s that admitted candidate `tau` beats for good, and notes
  // where the remaining ones beat `tau` (the holes of `tau`, used by the next Add).
  void PruneAgainst(const SegmentCost& cost, std::size_t tau, const std::vector<double>& best) {
    const std::size_t count = begins_.size();
    budgets_.resize(count);
    clamped_.resize(count);
    lower_new_.resize(count);
    upper_new_.resize(count);
    // Choose(tau) already computed Cost(s, tau) for every candidate admitted by then (it
    // is kept in the candidate's slot tau % m); only the later ones need it now.
    const std::size_t lag = lag_;
    const double* history = history_.data() + tau % lag;
    const std::size_t* begins = begins_.data();
    const double* best_values = best.data();
    const double best_tau = best[tau];
    double* budgets = budgets_.data();
    double* clamped = clamped_.data();
    for (std::size_t i = 0; i < count; ++i) {
      double segment_cost = begins[i] + lag <= tau ? history[i * lag] : cost.Cost(begins[i], tau);
      budgets[i] = best_tau - best_values[begins[i]] - segment_cost;
      clamped[i] = std::max(budgets[i], 0.0);
    }
    bool intervals = functional_ && count > 0 &&
                     cost.SublevelIntervals(begins_, tau, clamped_, lower_new_, upper_new_);
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
    attention_.resize(count);
    unsigned char* attention = attention_.data();
    unsigned char any = 0;
    if (intervals) {
      pending_holes_.resize(count);
      Interval* pending = pending_holes_.data();
      for (std::size_t i = 0; i < count; ++i) {
        const unsigned char shrank = (lowers_new[i] > lowers[i]) | (uppers_new[i] < uppers[i]);
        attention[i] = shrank | (budgets[i] < 0.0);
        any |= attention[i];
        lowers[i] = std::max(lowers[i], lowers_new[i]);
        uppers[i] = std::min(uppers[i], uppers_new[i]);
        pending[i] = {lowers_new[i], uppers_new[i]};
      }
    } else {
      pending_holes_.clear();
      for (std::size_t i = 0; i < count; ++i) {
        attention[i] = budgets[i] < 0.0;
        any |= attention[i];
      }
    }
    if (any) Compact(intervals);
    if (holes_.size() > next_hole_check_) {
      std::size_t live_holes = 0;
      for (std::size_t i = 0; i < begins_.size(); ++i) live_holes += hole_last_[i] - hole_first_[i];
      if (holes_.size() > 4 * live_holes + 4096) CompactHoles();
      next_hole_check_ = holes_.size() + 4096;
    }
  }

  // Admits `begin`; its holes are those noted by the PruneAgainst(cost, begin, ...) just
  // before (none for the first candidate).
  void Add(std::size_t begin) {
    begins_.push_back(begin);
    history_.resize(begins_.size() * lag_);
    lower_.push_back(-kInfinity);
    upper_.push_back(kInfinity);
    hole_first_.push_back(holes_.size());
    for (const Interval& hole : pending_holes_) {
      if (hole.lower < hole.upper) holes_.push_back(hole);
    }
    pending_holes_.clear();
    hole_last_.push_back(holes_.size());
  }

  // Sets best[end] and last[end] to the best segmentation of rows [0, end).
  void Choose(const SegmentCost& cost, std::size_t end, double penalty, std::vector<double>& best,
              std::vector<std::size_t>& last) {
    const std::size_t count = begins_.size();
    const std::size_t lag = lag_;
    // With m = 1 the history is one cost per candidate: write it in place.
    std::span<double> costs_out(lag == 1 ? history_.data() : (scratch_.resize(count), scratch_.data()),
                                count);
    cost.Costs(begins_, end, costs_out);
    const std::size_t* begins = begins_.data();
    const double* costs = costs_out.data();
    const double* best_values = best.data();
    double* history = history_.data() + end % lag;
    double best_value = kInfinity;
    std::size_t best_begin = 0;
    // Selects, not branches: which candidate is best changes unpredictably on noise.
    for (std::size_t i = 0; i < count; ++i) {
      const double value = best_values[begins[i]] + costs[i] + penalty;
      const bool better = value < best_value;
      best_begin = better ? begins[i] : best_begin;
      best_value = better ? value : best_value;
    }
    if (lag != 1) {
      for (std::size_t i = 0; i < count; ++i) history[i * lag] = costs[i];
    }
    best[end] = best_value;
    last[end] = best_begin;
  }

 private:
  // Second pass of PruneAgainst: drops the flagged candidates that PELT's inequality
  // prunes (negative budget) or whose range the holes empty, and closes the gaps.
  void Compact(bool intervals) {
    const std::size_t count = begins_.size();
    const std::size_t lag = lag_;
    const unsigned char* attention = attention_.data();
    const double* budgets = budgets_.data();
    std::size_t kept = 0;
    for (std::size_t i = 0; i < count; ++i) {
      if (attention[i]) {
        if (budgets[i] < 0.0) continue;  // PELT's inequality pruning
        if (intervals && !CutHoles(lower_[i], upper_[i], hole_first_[i], hole_last_[i])) continue;
      }
      if (kept != i) {
        begins_[kept] = begins_[i];
        lower_[kept] = lower_[i];
        upper_[kept] = upper_[i];
        hole_first_[kept] = hole_first_[i];
        hole_last_[kept] = hole_last_[i];
        std::copy_n(history_.data() + i * lag, lag, history_.data() + kept * lag);
      }
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
        if (cuts_lower) lower = hole.upper;
        else if (cuts_upper) upper = hole.lower;
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
    history_.resize(count * lag_);
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

  bool functional_;
  std::size_t lag_;
  // history_[i * lag_ + end % lag_] = Cost(begins_[i], end) for the last lag_ Choose ends.
  std::vector<double> history_;
  std::vector<std::size_t> begins_;
  std::vector<double> lower_;
  std::vector<double> upper_;
  std::vector<std::size_t> hole_first_;  // candidate i's holes are holes_[first, last)
  std::vector<std::size_t> hole_last_;
  std::vector<Interval> holes_;
  std::vector<Interval> pending_holes_;
  std::vector<double> scratch_;
  std::vector<double> budgets_;
  std::vector<double> clamped_;
  std::vector<double> lower_new_;
  std::vector<double> upper_new_;
  std::vector<unsigned char> attention_;
  std::size_t next_hole_check_ = 4096;  // pool size at which to count the live holes
};

}  // namespace

Segmentation Pelt(const SegmentCost& cost, double penalty, std::size_t min_segment) {
  const std::size_t n = cost.size();
  const std::size_t m = std::max<std::size_t>({min_segment, cost.MinimumSegment(), 1});
  if (n < 2 * m) return {{}, n == 0 ? 0.0 : cost.Cost(0, n)};

  std::vector<double> best(n + 1, kInfinity);
  std::vector<std::size_t> last(n + 1, 0);
  best[0] = -penalty;
  // Probe once whether the cost supports functional pruning.
  std::vector<std::size_t> probe_begin{0};
  std::vector<double> probe_budget{0.0}, probe_lower{0.0}, probe_upper{0.0};
  bool functional = cost.SublevelIntervals(probe_begin, 1, probe_budget, probe_lower, probe_upper);
  Candidates candidates(functional, m, n);
  for (std::size_t t = m; t <= n; ++t) {
    std::size_t tau = t - m;  // becomes a possible last change now
    if (tau == 0 || tau >= m) {
      if (tau > 0) candidates.PruneAgainst(cost, tau, best);
      candidates.Add(tau);
    }
    candidates.Choose(cost, t, penalty, best, last);
  }

  Segmentation result;
  result.penalised_cost = best[n];
  for (std::size_t end = n; last[end] > 0; end = last[end]) result.change_points.push_back(last[end]);
  std::reverse(result.change_points.begin(), result.change_points.end());
  return result;
}

}  // namespace kpiwatch::segment
