// CUSUM fluctuation tests for the stability of a linear regression, computed as R's
// strucchange computes them (efp + sctest + boundary, functional "max").
//
// Null hypothesis: the coefficients of y = X beta + e are constant over the sample
// (errors iid with mean 0 and constant variance). Both tests look for a systematic
// drift in cumulated residuals; they are most sensitive to changes that move the mean
// of the residuals (an intercept shift, or a slope change of a regressor with a
// non-zero mean) and weak against changes orthogonal to the mean regressor.
//
// References: Brown, Durbin & Evans (1975), "Techniques for testing the constancy of
// regression relationships over time", JRSS B 37, 149-192 (recursive CUSUM);
// Ploberger & Kraemer (1992), "The CUSUM test with OLS residuals", Econometrica 60,
// 271-285; Zeileis, Leisch, Hornik & Kleiber (2002), "strucchange: an R package for
// testing for structural change in linear regression models", JSS 7(2).
#pragma once

#include <cstddef>
#include <optional>

#include <Eigen/Dense>

#include "detectors/core/status.h"

namespace kpiwatch::stats {

enum class CusumKind {
  kRecursive,  // Rec-CUSUM: cumulated recursive residuals; limit Brownian motion
  kOls,        // OLS-CUSUM: cumulated OLS residuals; limit Brownian bridge
};

// "rec_cusum" / "ols_cusum".
const char* CusumKindName(CusumKind kind);

struct CusumTest {
  CusumKind kind = CusumKind::kRecursive;
  Eigen::Index rows = 0;  // observations n
  // The empirical fluctuation process as strucchange's efp()$process, starting at 0.
  // Rec-CUSUM: cumsum(0, w) / (sd(w) sqrt(n - k)), n - k + 1 values; element j >= 1
  // ends with the recursive residual of row k + j - 1. OLS-CUSUM: cumsum(0, e) /
  // (sigma sqrt(n)) with sigma^2 = sum((e - mean e)^2) / (n - k), n + 1 values; element
  // j >= 1 ends with row j - 1.
  Eigen::VectorXd process;
  // sctest's S (Rec-CUSUM: max_j |process_j| / (1 + 2 j/m)) or S0 (OLS-CUSUM: max |process|).
  double statistic = 0.0;
  // Asymptotic p-value of the statistic (strucchange's pvalue.efp).
  double p_value = 1.0;
  // The 0-based data row at which the (scaled) process is largest in absolute value:
  // the last row of the old regime if a break caused it.
  std::size_t peak_row = 0;

  // The 0-based data row that process element j (>= 1) ends with.
  std::size_t RowOfElement(std::size_t j) const;
  // The boundary at process element j for the level with critical value
  // `critical_value` (from CusumCriticalValue): c (1 + 2 j/m) for Rec-CUSUM (m = the
  // number of elements after the leading 0) and c for OLS-CUSUM (strucchange's
  // boundary.efp).
  double Boundary(double critical_value, std::size_t j) const;
  // The first process element that lies outside +-Boundary, if any.
  std::optional<std::size_t> FirstCrossing(double critical_value) const;
};

// Runs the CUSUM test of the given kind on y = X beta + e. Error when the regression
// cannot be fitted (too few rows, collinear regressors) or the residual scale is 0.
Result<CusumTest> RunCusumTest(CusumKind kind, const Eigen::MatrixXd& x, const Eigen::VectorXd& y);

// P(sup_t |W(t)| / (1 + 2t) > s) for a Brownian motion W (Rec-CUSUM), by the series of
// strucchange's pvalue.efp (with its linear approximation for s < 0.3).
double RecursiveCusumPValue(double statistic);
// P(sup_t |B(t)| > s) for a Brownian bridge B (OLS-CUSUM): the Kolmogorov series
// 1 - (1 + 2 sum_{i=1}^{100} (-1)^i exp(-2 i^2 s^2)), and 1 for s < 0.1 (as strucchange).
double OlsCusumPValue(double statistic);
// The critical value c with p-value(c) = alpha, alpha in (0, 1), solved to 1e-12
// (strucchange's boundary() solves the same equation with uniroot's looser default
// tolerance). E.g. alpha 0.05: 0.9478 (Rec-CUSUM), 1.3581 (OLS-CUSUM).
double CusumCriticalValue(CusumKind kind, double alpha);

}  // namespace kpiwatch::stats
