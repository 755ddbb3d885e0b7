#include "detectors/stats/structural_f_tests.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "detectors/stats/distributions.h"
#include "detectors/stats/regression.h"
#include "detectors/stats/supf_pvalue_table.h"

namespace kpiwatch::stats {
namespace {

Result<double> SegmentRss(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, Eigen::Index begin,
                          Eigen::Index count) {
  Result<OlsFit> fit = FitOls(x.middleRows(begin, count), y.segment(begin, count));
  if (!fit.ok()) return fit.status();
  return fit->residual_sum_of_squares;
}

// RSS of the two segments split after `split` rows.
Result<double> SplitRss(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, Eigen::Index split) {
  Result<double> first = SegmentRss(x, y, 0, split);
  if (!first.ok()) return first.status();
  Result<double> second = SegmentRss(x, y, split, x.rows() - split);
  if (!second.ok()) return second.status();
  return *first + *second;
}

}  // namespace

Result<ChowTest> RunChowTest(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, std::size_t split) {
  const Eigen::Index n = x.rows();
  const Eigen::Index k = x.cols();
  const auto at = static_cast<Eigen::Index>(split);
  if (!(at > k && at < n - k)) {
    return Status::InvalidArgument("chow: the break after row " + std::to_string(split) +
                                   " leaves fewer than k + 1 = " + std::to_string(k + 1) +
                                   " observations on one side (n = " + std::to_string(n) + ")");
  }
  Result<OlsFit> pooled = FitOls(x, y);
  if (!pooled.ok()) return pooled.status();
  Result<double> split_rss = SplitRss(x, y, at);
  if (!split_rss.ok()) return split_rss.status();
  ChowTest test;
  test.split = split;
  test.rss_pooled = pooled->residual_sum_of_squares;
  test.rss_split = *split_rss;
  test.df1 = static_cast<int>(k);
  test.df2 = static_cast<int>(n - 2 * k);
  test.f = ((test.rss_pooled - test.rss_split) / test.df1) / (test.rss_split / test.df2);
  test.p_value = FUpperTail(test.f, test.df1, test.df2);
  return test;
}

Result<FStatistics> ComputeFStatistics(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                       double trim) {
  const Eigen::Index n = x.rows();
  const Eigen::Index k = x.cols();
  if (!(trim > 0.0 && trim < 0.5)) return Status::InvalidArgument("sup_f: trimming must be in (0, 0.5)");
  auto from = static_cast<Eigen::Index>(std::floor(trim * static_cast<double>(n)));
  Eigen::Index to = n - from;
  from = std::max(from, k + 1);
  to = std::min(to, n - k - 1);
  if (from > to) {
    return Status::InvalidArgument("sup_f: no admissible break date with " + std::to_string(n) +
                                   " observations and " + std::to_string(k) + " regressors");
  }
  Result<OlsFit> pooled = FitOls(x, y);
  if (!pooled.ok()) return pooled.status();
  const double rss = pooled->residual_sum_of_squares;
  const double residual_df = static_cast<double>(n - 2 * k);

  FStatistics stats;
  stats.from = static_cast<std::size_t>(from);
  stats.to = static_cast<std::size_t>(to);
  stats.lambda = (static_cast<double>(n - from) * static_cast<double>(to)) /
                 (static_cast<double>(from) * static_cast<double>(n - to));
  stats.sup_f = -1.0;
  for (Eigen::Index split = from; split <= to; ++split) {
    Result<double> split_rss = SplitRss(x, y, split);
    if (!split_rss.ok()) return split_rss.status();
    const double f = (rss - *split_rss) / (*split_rss / residual_df);
    stats.f.push_back(f);
    if (f > stats.sup_f) {
      stats.sup_f = f;
      stats.sup_split = static_cast<std::size_t>(split);
      stats.min_rss = *split_rss;
    }
  }
  stats.p_value = SupFPValue(stats.sup_f, static_cast<int>(k), stats.lambda);
  return stats;
}

double SupFPValue(double sup_f, int k, double lambda) {
  k = std::clamp(k, 1, kSupFTableMaxRegressors);
  const double tau = lambda < 1.0 ? lambda : 1.0 / (1.0 + std::sqrt(lambda));
  // P-value from row j (1-based) of the block for k regressors.
  auto row_p_value = [&](int j) {
    const double* row = kSupFResponseSurface[(k - 1) * kSupFTableTrimPoints + (j - 1)];
    const double argument = std::max(0.0, row[0] + row[1] * sup_f);
    return ChiSquareUpperTail(argument, row[2]);
  };
  const double chi_square = ChiSquareUpperTail(sup_f, k);
  if (tau == 0.5) return chi_square;
  if (tau <= 0.01) return row_p_value(kSupFTableTrimPoints);
  if (tau >= 0.49) return ((0.5 - tau) * row_p_value(1) + (tau - 0.49) * chi_square) * 100.0;
  const double position = (0.51 - tau) * 50.0;
  const int lower = static_cast<int>(std::floor(position));
  return (lower + 1 - position) * row_p_value(lower) + (position - lower) * row_p_value(lower + 1);
}

}  // namespace kpiwatch::stats
