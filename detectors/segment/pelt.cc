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
    pending_holes_.clear();
    std::size_t kept = 0;
    std::size_t live_holes = 0;
    std::size_t* kept_begins = begins_.data();
    double* lowers = lower_.data();
    double* uppers = upper_.data();
    const double* lowers_new = lower_new_.data();
    const double* uppers_new = upper_new_.data();
    std::size_t* hole_firsts = hole_first_.data();
    std::size_t* hole_lasts = hole_last_.data();
    double* costs = history_.data();
    for (std::size_t i = 0; i < count; ++i) {
      if (budgets[i] < 0.0) continue;  // PELT's inequality pruning
      double lower = lowers[i];
      double upper = uppers[i];
      std::size_t hole_first = hole_firsts[i];
      std::size_t hole_last = hole_lasts[i];
      if (intervals) {
        // Candidate i is strictly better than tau inside the open sublevel interval.
        if (budgets[i] > 0.0) pending_holes_.push_back({lowers_new[i], uppers_new[i]});
        // No hole contains an end of [lower, upper] yet, so only a range that shrank
        // needs its holes checked (on most rows it does not).
        if (lowers_new[i] > lower || uppers_new[i] < upper) {
          lower = std::max(lower, lowers_new[i]);
          upper = std::min(upper, uppers_new[i]);
          if (!CutHoles(lower, upper, hole_first, hole_last)) continue;
        }
      }
      kept_begins[kept] = kept_begins[i];
      lowers[kept] = lower;
      uppers[kept] = upper;
      hole_firsts[kept] = hole_first;
      hole_lasts[kept] = hole_last;
      if (kept != i) {
        if (lag == 1) {
          costs[kept] = costs[i];
        } else {
          std::copy_n(costs + i * lag, lag, costs + kept * lag);
        }
      }
      live_holes += hole_last - hole_first;
      ++kept;
    }
    Resize(kept);
    if (holes_.size() > 4 * live_holes + 4096) CompactHoles();
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
    for (std::size_t i = 0; i < count; ++i) {
      double value = best_values[begins[i]] + costs[i] + penalty;
      if (value < best_value) {
        best_value = value;
        best_begin = begins[i];
      }
      if (lag != 1) history[i * lag] = costs[i];
    }
    best[end] = best_value;
    last[end] = best_begin;
  }

 private:
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
