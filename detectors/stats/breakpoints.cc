#include "detectors/stats/breakpoints.h"

#include <cmath>
#include <limits>
#include <numbers>
#include <string>

#include "detectors/stats/recursive_residuals.h"

namespace kpiwatch::stats {
namespace {

// RSS of the least-squares fit on rows [i, j] (0-based, inclusive), for every start i
// that can begin a segment, from the cumulated squared recursive residuals.
class SegmentCosts {
 public:
  static Result<SegmentCosts> Build(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                    Eigen::Index last_start) {
    SegmentCosts costs;
    costs.regressors_ = x.cols();
    const Eigen::Index n = x.rows();
    for (Eigen::Index i = 0; i <= last_start; ++i) {
      Result<Eigen::VectorXd> w = RecursiveResiduals(x.bottomRows(n - i), y.tail(n - i));
      if (!w.ok()) return w.status();
      std::vector<double> cumulated(static_cast<std::size_t>(w->size()));
      double sum = 0.0;
      for (Eigen::Index r = 0; r < w->size(); ++r) cumulated[static_cast<std::size_t>(r)] = sum += (*w)(r) * (*w)(r);
      costs.cumulated_.push_back(std::move(cumulated));
    }
    return costs;
  }
  // Precondition: j - i + 1 > k and i <= last_start.
  double Rss(Eigen::Index i, Eigen::Index j) const {
    return cumulated_[static_cast<std::size_t>(i)][static_cast<std::size_t>(j - i - regressors_)];
  }

 private:
  Eigen::Index regressors_ = 0;
  std::vector<std::vector<double>> cumulated_;
};

}  // namespace

Result<BreakpointSearch> SearchBreakpoints(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                           double minimum_segment, int max_breaks) {
  const Eigen::Index n = x.rows();
  const Eigen::Index k = x.cols();
  const auto h = static_cast<Eigen::Index>(
      minimum_segment < 1.0 ? std::floor(minimum_segment * static_cast<double>(n)) : minimum_segment);
  if (h <= k) return Status::InvalidArgument("breakpoints: minimum segment size must exceed the number of regressors");
  if (h > n / 2) return Status::InvalidArgument("breakpoints: minimum segment size must be at most half the sample");
  const auto default_breaks = static_cast<int>(std::ceil(static_cast<double>(n) / h)) - 2;
  const int breaks = max_breaks <= 0 ? default_breaks : std::min(max_breaks, default_breaks);
  Result<SegmentCosts> costs = SegmentCosts::Build(x, y, n - h);
  if (!costs.ok()) return costs.status();

  // best[m][s]: minimal RSS of rows [0, s) with m - 1 breaks inside, s = split of the
  // m-th break; origin[m][s]: the split of the (m-1)-th break on that optimum.
  const double kNone = std::numeric_limits<double>::infinity();
  std::vector<std::vector<double>> best(breaks + 1, std::vector<double>(n + 1, kNone));
  std::vector<std::vector<Eigen::Index>> origin(breaks + 1, std::vector<Eigen::Index>(n + 1, 0));
  for (Eigen::Index s = h; s <= n - h; ++s) best[1][s] = costs->Rss(0, s - 1);
  for (int m = 2; m <= breaks; ++m) {
    for (Eigen::Index s = m * h; s <= n - h; ++s) {
      for (Eigen::Index previous = (m - 1) * h; previous <= s - h; ++previous) {
        const double candidate = best[m - 1][previous] + costs->Rss(previous, s - 1);
        if (candidate < best[m][s]) {
          best[m][s] = candidate;
          origin[m][s] = previous;
        }
      }
    }
  }

  BreakpointSearch search;
  search.min_segment = static_cast<std::size_t>(h);
  const double log_n = std::log(static_cast<double>(n));
  auto bic = [&](double rss, int m) {
    return static_cast<double>(n) * (std::log(rss) + 1.0 - log_n + std::log(2.0 * std::numbers::pi)) +
           log_n * static_cast<double>((k + 1) * (m + 1));
  };
  search.splits_by_breaks.push_back({});
  search.rss.push_back(costs->Rss(0, n - 1));
  for (int m = 1; m <= breaks; ++m) {
    double total = kNone;
    Eigen::Index last = 0;
    for (Eigen::Index s = h; s <= n - h; ++s) {
      if (best[m][s] == kNone) continue;
      const double candidate = best[m][s] + costs->Rss(s, n - 1);
      if (candidate < total) {
        total = candidate;
        last = s;
      }
    }
    std::vector<std::size_t> splits(static_cast<std::size_t>(m));
    for (int j = m; j >= 1; --j) {
      splits[static_cast<std::size_t>(j - 1)] = static_cast<std::size_t>(last);
      last = origin[j][last];
    }
    // Total RSS as the sum of the segments' RSS (as strucchange reports it).
    double rss = 0.0;
    std::size_t begin = 0;
    for (std::size_t split : splits) {
      rss += costs->Rss(static_cast<Eigen::Index>(begin), static_cast<Eigen::Index>(split) - 1);
      begin = split;
    }
    rss += costs->Rss(static_cast<Eigen::Index>(begin), n - 1);
    search.splits_by_breaks.push_back(std::move(splits));
    search.rss.push_back(rss);
  }
  for (int m = 0; m <= breaks; ++m) search.bic.push_back(bic(search.rss[static_cast<std::size_t>(m)], m));
  for (std::size_t m = 1; m < search.bic.size(); ++m) {
    if (search.bic[m] < search.bic[search.selected_breaks]) search.selected_breaks = m;
  }
  return search;
}

}  // namespace kpiwatch::stats
