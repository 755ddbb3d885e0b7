// Optimal segmentation of a linear regression into m + 1 regimes with m unknown break
// dates, by dynamic programming over the residual sums of squares (Bai & Perron 2003),
// as R's strucchange::breakpoints() computes it, with the number of breaks chosen by
// BIC.
//
// References: Bai & Perron (2003), "Computation and analysis of multiple structural
// change models", J. Applied Econometrics 18, 1-22; Zeileis, Kleiber, Kraemer & Hornik
// (2003), "Testing and dating of structural changes in practice", CSDA 44, 109-123.
#pragma once

#include <cstddef>
#include <vector>

#include <Eigen/Dense>

#include "detectors/core/status.h"

namespace kpiwatch::stats {

struct BreakpointSearch {
  std::size_t min_segment = 0;  // h: observations per segment, at least
  // Index m = number of breaks (0..max breaks): the optimal splits (each split s puts
  // rows [.., s) before the break, as strucchange's breakpoints), their total RSS and
  // BIC = n (log(RSS) + 1 - log(n) + log(2 pi)) + log(n) (k + 1)(m + 1).
  std::vector<std::vector<std::size_t>> splits_by_breaks;
  std::vector<double> rss;
  std::vector<double> bic;
  std::size_t selected_breaks = 0;  // argmin of bic (first on ties)

  const std::vector<std::size_t>& SelectedSplits() const { return splits_by_breaks[selected_breaks]; }
};

// Searches y = X beta_j + e over segments of at least h observations (as strucchange:
// `minimum_segment` < 1 is a fraction, h = floor(minimum_segment n); otherwise a count),
// for 0..max_breaks breaks; max_breaks <= 0
// means strucchange's default ceil(n/h) - 2. Error when h <= k, h > n/2, or a
// segment cannot be fitted.
Result<BreakpointSearch> SearchBreakpoints(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                           double minimum_segment = 0.15, int max_breaks = 0);

}  // namespace kpiwatch::stats
