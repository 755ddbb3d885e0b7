// Bayesian online change-point detection (Adams and MacKay 2007, arXiv:0710.3742).
//
// Model: the series is a sequence of segments; a new segment starts at each row with
// constant hazard 1 / hazard_lambda; within a segment the values are Normal with unknown
// mean and variance under a Normal-Gamma prior (mu0 = 0, kappa0 = 0.1, alpha0 = 1,
// beta0 = 1 on the standardised values), so each row's predictive is a Student t.
// The filter keeps the posterior over the start row of the current segment; start rows
// with posterior below prune_threshold are dropped and at most max_hypotheses are kept
// (the most probable), so memory and time per row stay bounded.
// The values are first standardised by the robust median and noise sd; with
// prewhiten, x[t] - rho x[t-1] is used, rho the robust lag-1 autocorrelation
// (stats/noise_scale.h), so AR(1) noise does not look like a string of changes.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace kpiwatch::shift {

struct BocpdOptions {
  double hazard_lambda = 100.0;      // expected segment length, rows
  std::size_t lag = 5;               // rows after a candidate change used to judge it
  double threshold = 0.8;            // posterior probability to report a change
  double prune_threshold = 1e-4;     // drop start rows less probable than this
  std::size_t max_hypotheses = 64;   // keep at most this many start rows
  bool prewhiten = true;
};

struct BocpdChange {
  std::size_t row = 0;        // first row of the new segment
  double probability = 0.0;   // P(a segment starts within +-2 rows of `row` | x[0..row+lag])
};

// Reported changes, in row order: the local maxima above the threshold of the
// probability above, at least `lag` rows apart. Values must be finite.
std::vector<BocpdChange> RunBocpd(std::span<const double> values, const BocpdOptions& options);

// For each row c, the probability that a segment starts within +-2 rows of c given the
// data up to row min(c + lag, n - 1) (0 for row 0).
std::vector<double> BocpdChangeProbabilities(std::span<const double> values,
                                             const BocpdOptions& options);

}  // namespace kpiwatch::shift
