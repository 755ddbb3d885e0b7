#include "detectors/stats/newey_west.h"

#include <cmath>

#include "detectors/stats/distributions.h"
#include "detectors/stats/regression.h"

namespace kpiwatch::stats {

int NeweyWestLag(std::size_t n) {
  if (n < 2) return 0;
  return static_cast<int>(std::floor(4.0 * std::pow(static_cast<double>(n) / 100.0, 2.0 / 9.0)));
}

Result<Eigen::MatrixXd> NeweyWestCovariance(const Eigen::MatrixXd& x,
                                            const Eigen::VectorXd& residuals, int lag,
                                            bool adjust, bool prewhite) {
  const Eigen::Index n = x.rows();
  const Eigen::Index k = x.cols();
  if (residuals.size() != n || lag < 0 || n <= k + 2) {
    return Status::InvalidArgument("Newey-West: sizes do not match, lag < 0 or too few rows");
  }
  Eigen::MatrixXd scores = x.array().colwise() * residuals.array();  // u_t = x_t e_t
  Eigen::MatrixXd recolour = Eigen::MatrixXd::Identity(k, k);
  if (prewhite) {  // VAR(1) without intercept: u_t' = u_{t-1}' A' + v_t'
    Eigen::MatrixXd previous = scores.topRows(n - 1);
    Eigen::MatrixXd current = scores.bottomRows(n - 1);
    Eigen::MatrixXd a_transposed = previous.colPivHouseholderQr().solve(current);
    Eigen::MatrixXd whitened = current - previous * a_transposed;
    Eigen::FullPivLU<Eigen::MatrixXd> one_minus_a(Eigen::MatrixXd::Identity(k, k) - a_transposed.transpose());
    if (!one_minus_a.isInvertible()) return Status::InvalidArgument("Newey-West: prewhitening VAR has a unit root");
    recolour = one_minus_a.inverse();
    scores = whitened;
  }
  const Eigen::Index rows = scores.rows();
  Eigen::MatrixXd meat = scores.transpose() * scores;
  for (int j = 1; j <= lag && j < rows; ++j) {
    double weight = 1.0 - static_cast<double>(j) / (lag + 1.0);
    Eigen::MatrixXd cross = scores.topRows(rows - j).transpose() * scores.bottomRows(rows - j);
    meat += weight * (cross + cross.transpose());
  }
  if (adjust) meat *= static_cast<double>(n) / static_cast<double>(n - k);
  meat = recolour * meat * recolour.transpose();
  Eigen::MatrixXd xtx = x.transpose() * x;
  Eigen::FullPivLU<Eigen::MatrixXd> lu(xtx);
  if (!lu.isInvertible()) return Status::InvalidArgument("Newey-West: X'X is singular");
  Eigen::MatrixXd bread = lu.inverse();
  return Eigen::MatrixXd(bread * meat * bread);
}

Result<HacTest> HacCoefficientTest(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, int column,
                                   int lag) {
  Result<OlsFit> fit = FitOls(x, y);
  if (!fit.ok()) return fit.status();
  if (lag < 0) lag = NeweyWestLag(static_cast<std::size_t>(x.rows()));
  Result<Eigen::MatrixXd> covariance = NeweyWestCovariance(x, fit->residuals, lag, true, true);
  if (!covariance.ok()) return covariance.status();
  HacTest test;
  test.lag = lag;
  test.estimate = fit->coefficients(column);
  test.standard_error = std::sqrt((*covariance)(column, column));
  if (!(test.standard_error > 0.0)) {
    return Status::InvalidArgument("HAC test: zero standard error (constant data?)");
  }
  test.t = test.estimate / test.standard_error;
  test.df = static_cast<double>(x.rows() - x.cols());
  test.p_greater = StudentUpperTail(test.t, test.df);
  test.p_less = StudentUpperTail(-test.t, test.df);
  test.p_two_sided = StudentTwoSided(test.t, test.df);
  return test;
}

Result<HacTest> HacMeanShift(std::span<const double> before, std::span<const double> after,
                             int lag) {
  if (before.size() < 2 || after.size() < 2) {
    return Status::InvalidArgument("HAC mean shift: need at least 2 values per window");
  }
  const Eigen::Index n = static_cast<Eigen::Index>(before.size() + after.size());
  Eigen::MatrixXd x = Eigen::MatrixXd::Ones(n, 2);
  Eigen::VectorXd y(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    bool is_after = i >= static_cast<Eigen::Index>(before.size());
    x(i, 1) = is_after ? 1.0 : 0.0;
    y(i) = is_after ? after[i - before.size()] : before[i];
  }
  return HacCoefficientTest(x, y, 1, lag);
}

Result<HacTest> HacTrendSlope(std::span<const double> y, int lag) {
  if (y.size() < 3) return Status::InvalidArgument("HAC trend: need at least 3 values");
  const Eigen::Index n = static_cast<Eigen::Index>(y.size());
  Eigen::MatrixXd x = Eigen::MatrixXd::Ones(n, 2);
  Eigen::VectorXd values(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    x(i, 1) = static_cast<double>(i);
    values(i) = y[i];
  }
  return HacCoefficientTest(x, values, 1, lag);
}

}  // namespace kpiwatch::stats
