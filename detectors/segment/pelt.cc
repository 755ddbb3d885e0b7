#include "detectors/segment/pelt.h"

#include <algorithm>
#include <limits>
#include <vector>

namespace kpiwatch::segment {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// The candidate last change points of PELT, with their functional-pruning intervals.
class Candidates {
 public:
  explicit Candidates(bool functional) : functional_(functional) {}

  // Drops every candidate s that admitted candidate `tau` beats for good.
  void PruneAgainst(const SegmentCost& cost, std::size_t tau, const std::vector<double>& best) {
    std::size_t count = begins_.size();
    scratch_.resize(count);
    budgets_.resize(count);
    lower_new_.resize(count);
    upper_new_.resize(count);
    cost.Costs(begins_, tau, scratch_);
    for (std::size_t i = 0; i < count; ++i) {
      budgets_[i] = best[tau] - best[begins_[i]] - scratch_[i];
    }
    bool intervals = functional_ && count > 0 &&
                     cost.SublevelIntervals(begins_, tau, Clamped(), lower_new_, upper_new_);
    std::size_t kept = 0;
    for (std::size_t i = 0; i < count; ++i) {
      if (budgets_[i] < 0.0) continue;
      double lower = lower_[i];
      double upper = upper_[i];
      if (intervals) {
        lower = std::max(lower, lower_new_[i]);
        upper = std::min(upper, upper_new_[i]);
        if (lower > upper) continue;
      }
      begins_[kept] = begins_[i];
      lower_[kept] = lower;
      upper_[kept] = upper;
      ++kept;
    }
    begins_.resize(kept);
    lower_.resize(kept);
    upper_.resize(kept);
  }

  void Add(std::size_t begin) {
    begins_.push_back(begin);
    lower_.push_back(-kInfinity);
    upper_.push_back(kInfinity);
  }

  // Sets best[end] and last[end] to the best segmentation of rows [0, end).
  void Choose(const SegmentCost& cost, std::size_t end, double penalty, std::vector<double>& best,
              std::vector<std::size_t>& last) {
    scratch_.resize(begins_.size());
    cost.Costs(begins_, end, scratch_);
    double best_value = kInfinity;
    std::size_t best_begin = 0;
    for (std::size_t i = 0; i < begins_.size(); ++i) {
      double value = best[begins_[i]] + scratch_[i] + penalty;
      if (value < best_value) {
        best_value = value;
        best_begin = begins_[i];
      }
    }
    best[end] = best_value;
    last[end] = best_begin;
  }

 private:
  std::span<const double> Clamped() {
    for (double& budget : budgets_) budget = std::max(budget, 0.0);
    return budgets_;
  }

  bool functional_;
  std::vector<std::size_t> begins_;
  std::vector<double> lower_;
  std::vector<double> upper_;
  std::vector<double> scratch_;
  std::vector<double> budgets_;
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
  Candidates candidates(functional);
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
