#include "detectors/stats/regression.h"

#include <cmath>
#include <string>

namespace kpiwatch::stats {

double OlsFit::StandardError(int j) const { return std::sqrt(sigma2 * xtx_inverse(j, j)); }

Result<OlsFit> FitOls(const Eigen::MatrixXd& x, const Eigen::VectorXd& y) {
  if (x.rows() != y.size()) {
    return Status::InvalidArgument("regression: design has " + std::to_string(x.rows()) +
                                   " rows but the response has " + std::to_string(y.size()));
  }
  if (x.rows() <= x.cols()) {
    return Status::InvalidArgument("regression: needs more observations (" +
                                   std::to_string(x.rows()) + ") than regressors (" +
                                   std::to_string(x.cols()) + ")");
  }
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(x);
  if (qr.rank() < x.cols()) {
    return Status::InvalidArgument("regression: regressors are collinear (rank " +
                                   std::to_string(qr.rank()) + " < " + std::to_string(x.cols()) + ")");
  }
  OlsFit fit;
  fit.n = static_cast<int>(x.rows());
  fit.k = static_cast<int>(x.cols());
  fit.coefficients = qr.solve(y);
  fit.residuals = y - x * fit.coefficients;
  fit.residual_sum_of_squares = fit.residuals.squaredNorm();
  fit.sigma2 = fit.residual_sum_of_squares / static_cast<double>(fit.n - fit.k);
  fit.xtx_inverse = (x.transpose() * x).inverse();
  return fit;
}

}  // namespace kpiwatch::stats
