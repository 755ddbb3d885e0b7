// Ordinary least squares with Eigen: the one regression routine of kpiwatch.
#pragma once

#include <Eigen/Dense>

#include "detectors/core/status.h"

namespace kpiwatch::stats {

struct OlsFit {
  Eigen::VectorXd coefficients;  // beta
  Eigen::VectorXd residuals;     // y - X beta
  Eigen::MatrixXd xtx_inverse;   // (X'X)^-1
  double residual_sum_of_squares = 0.0;
  double sigma2 = 0.0;           // RSS / (n - k)
  int n = 0;                     // observations
  int k = 0;                     // regressors
  // Classical standard error of coefficient j: sqrt(sigma2 * (X'X)^-1_jj).
  double StandardError(int j) const;
};

// Fits y = X beta + e by least squares (column-pivoting QR, so it is stable on
// nearly collinear designs). Error when X has fewer rows than columns or is rank
// deficient, or when sizes do not match.
Result<OlsFit> FitOls(const Eigen::MatrixXd& x, const Eigen::VectorXd& y);

}  // namespace kpiwatch::stats
