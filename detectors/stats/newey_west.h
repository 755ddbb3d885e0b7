// Autocorrelation-robust (HAC) inference for least-squares coefficients.
//
// Newey & West (1987), "A simple, positive semi-definite, heteroskedasticity and
// autocorrelation consistent covariance matrix", Econometrica 55:703-708: Bartlett weights
// w_j = 1 - j / (lag + 1) on the lagged cross-products of the scores u_t = x_t e_t,
//   V = (X'X)^-1 [ sum_t u_t u_t' + sum_{j=1..lag} w_j sum_t (u_t u_{t-j}' + u_{t-j} u_t') ] (X'X)^-1,
// optionally times n / (n - k). With `prewhite` (Andrews & Monahan 1992, Econometrica
// 60:953-966) the scores are first whitened by a VAR(1) fitted by least squares without
// intercept, u_t = A u_{t-1} + v_t; the Bartlett sum runs over v and is recoloured with
// D = (I - A)^-1, which removes most of the small-sample bias under autocorrelation.
// Matches R's sandwich::NeweyWest(fit, lag = lag, prewhite = prewhite, adjust = adjust).
#pragma once

#include <Eigen/Dense>
#include <span>

#include "detectors/core/status.h"

namespace kpiwatch::stats {

// The Newey-West (1994) rule-of-thumb lag floor(4 (n / 100)^(2/9)); 0 for n < 2.
int NeweyWestLag(std::size_t n);

// HAC covariance of the OLS coefficients for design `x` and its OLS `residuals`.
// Error when sizes do not match, lag < 0, or X'X is singular.
Result<Eigen::MatrixXd> NeweyWestCovariance(const Eigen::MatrixXd& x,
                                            const Eigen::VectorXd& residuals, int lag,
                                            bool adjust, bool prewhite = false);

// A test of one coefficient with a HAC standard error. t = estimate / standard_error,
// referred to Student t with n - k degrees of freedom (a common small-sample choice,
// as lmtest::coeftest with a HAC covariance does).
struct HacTest {
  double estimate = 0.0;
  double standard_error = 0.0;
  double t = 0.0;
  double df = 0.0;
  int lag = 0;
  double p_greater = 1.0;    // H1: coefficient > 0
  double p_less = 1.0;       // H1: coefficient < 0
  double p_two_sided = 1.0;  // H1: coefficient != 0
};

// Tests coefficient `column` of the OLS fit of y on x with
// NeweyWestCovariance(adjust = true, prewhite = true).
// lag < 0 means NeweyWestLag(n). Error as FitOls, or when the standard error is zero.
Result<HacTest> HacCoefficientTest(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, int column,
                                   int lag);

// Shift in mean between two consecutive windows: y regressed on [1, 1{after}], the step
// coefficient is mean(after) - mean(before). H0: no shift. Needs >= 2 values per window.
Result<HacTest> HacMeanShift(std::span<const double> before, std::span<const double> after, int lag);

// Linear trend slope per row: y regressed on [1, t]. H0: slope 0. Needs >= 3 values.
Result<HacTest> HacTrendSlope(std::span<const double> y, int lag);

}  // namespace kpiwatch::stats
