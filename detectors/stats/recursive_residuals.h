// Recursive residuals of a linear regression (Brown, Durbin & Evans 1975).
#pragma once

#include <Eigen/Dense>

#include "detectors/core/status.h"

namespace kpiwatch::stats {

// The standardised one-step-ahead prediction errors of y = X beta + e:
//   w_r = (y_r - x_r' b_(r-1)) / sqrt(1 + x_r' (X_(r-1)' X_(r-1))^-1 x_r),  r = k+1..n,
// where b_(r-1) is the least-squares fit on the first r-1 rows. Under a constant
// relation with iid N(0, sigma^2) errors they are iid N(0, sigma^2). Returns n - k
// values (element j belongs to row k + j, 0-based). The algorithm is strucchange's
// recresid: QR refits while the Sherman-Morrison update has not yet agreed with the
// refit, then updates only (O(n k^2)). When the first rows are rank deficient,
// dependent columns get coefficient 0 (as strucchange does).
// Error when X has no more rows than columns or the sizes differ.
Result<Eigen::VectorXd> RecursiveResiduals(const Eigen::MatrixXd& x, const Eigen::VectorXd& y);

}  // namespace kpiwatch::stats
