#include "detectors/stats/recursive_residuals.h"

#include <cmath>
#include <limits>
#include <string>

namespace kpiwatch::stats {
namespace {

// A least-squares fit on the first rows: coefficients (0 for dependent columns) and
// (X'X)^-1 on the independent columns (0 elsewhere), as strucchange's coef0/Xinv0.
struct PartialFit {
  Eigen::VectorXd beta;
  Eigen::MatrixXd xtx_inverse;
  bool full_rank = true;
};

PartialFit FitFirstRows(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, Eigen::Index rows) {
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr;
  qr.setThreshold(1e-7);  // as lm.fit's tol
  qr.compute(x.topRows(rows));
  const Eigen::Index k = x.cols();
  const Eigen::Index rank = qr.rank();
  PartialFit fit;
  fit.full_rank = rank == k;
  fit.beta = qr.solve(y.head(rows));  // basic solution: 0 for dependent columns
  Eigen::MatrixXd r_inverse = qr.matrixR()
                                  .topLeftCorner(rank, rank)
                                  .triangularView<Eigen::Upper>()
                                  .solve(Eigen::MatrixXd::Identity(rank, rank));
  Eigen::MatrixXd permuted = Eigen::MatrixXd::Zero(k, k);
  permuted.topLeftCorner(rank, rank) = r_inverse * r_inverse.transpose();
  const auto& permutation = qr.colsPermutation();
  fit.xtx_inverse = permutation * permuted * permutation.transpose();
  return fit;
}

// all.equal(target, current, tolerance) of R for numeric vectors: mean relative
// difference sum|target - current| / sum|target| below the tolerance.
bool NearlyEqual(const Eigen::VectorXd& target, const Eigen::VectorXd& current, double tolerance) {
  const double scale = target.cwiseAbs().sum();
  const double difference = (target - current).cwiseAbs().sum();
  return scale > 0.0 ? difference / scale < tolerance : difference < tolerance;
}

}  // namespace

Result<Eigen::VectorXd> RecursiveResiduals(const Eigen::MatrixXd& x, const Eigen::VectorXd& y) {
  const Eigen::Index n = x.rows();
  const Eigen::Index k = x.cols();
  if (y.size() != n) {
    return Status::InvalidArgument("recursive residuals: design has " + std::to_string(n) +
                                   " rows but the response has " + std::to_string(y.size()));
  }
  if (k == 0 || n <= k) {
    return Status::InvalidArgument("recursive residuals: need more observations (" +
                                   std::to_string(n) + ") than regressors (" + std::to_string(k) +
                                   ")");
  }
  // strucchange's recresid: refit from scratch until the Sherman-Morrison update agrees
  // with the refit, then update only (O(k^2) per row).
  const double tolerance = std::sqrt(std::numeric_limits<double>::epsilon()) / static_cast<double>(k);
  Eigen::VectorXd residuals(n - k);
  PartialFit fit = FitFirstRows(x, y, k);
  Eigen::VectorXd beta = fit.beta;
  Eigen::MatrixXd inverse = fit.xtx_inverse;
  Eigen::VectorXd x_r = x.row(k).transpose();
  double leverage = 1.0 + x_r.dot(inverse * x_r);
  residuals(0) = (y(k) - x_r.dot(beta)) / std::sqrt(leverage);
  bool refitting = true;
  for (Eigen::Index r = k + 1; r < n; ++r) {
    const Eigen::VectorXd inverse_x = inverse * x_r;
    inverse -= inverse_x * inverse_x.transpose() / leverage;
    beta += inverse * x_r * (residuals(r - k - 1) * std::sqrt(leverage));
    if (refitting) {
      const bool was_full_rank = fit.full_rank;
      fit = FitFirstRows(x, y, r);
      if (was_full_rank && fit.full_rank && NearlyEqual(fit.beta, beta, tolerance)) refitting = false;
      beta = fit.beta;
      inverse = fit.xtx_inverse;
    }
    x_r = x.row(r).transpose();
    leverage = 1.0 + x_r.dot(inverse * x_r);
    residuals(r - k) = (y(r) - x_r.dot(beta)) / std::sqrt(leverage);
  }
  return residuals;
}

}  // namespace kpiwatch::stats
