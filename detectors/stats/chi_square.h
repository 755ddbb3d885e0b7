// Pearson chi-square tests: goodness of fit and 2x2 independence.
//
// Both match R's chisq.test (goodness of fit with `p =`; a 2x2 table with
// `correct = FALSE`, i.e. without Yates' continuity correction).
#pragma once

#include <span>

#include "detectors/core/status.h"

namespace kpiwatch::stats {

struct ChiSquareResult {
  double statistic = 0.0;   // X^2 = sum (observed - expected)^2 / expected
  double df = 0.0;          // degrees of freedom
  double p_value = 1.0;     // P(chi2(df) >= X^2)
};

// Goodness of fit of `observed` counts to the cell `probabilities` (rescaled to sum 1).
// H0: the counts are a multinomial sample with these cell probabilities.
// df = cells - 1. Error when sizes differ, there are fewer than 2 cells, a probability is
// not positive, a count is negative, or the total count is zero.
Result<ChiSquareResult> ChiSquareGoodnessOfFit(std::span<const double> observed,
                                               std::span<const double> probabilities);

// Pearson test of independence for the 2x2 table [[a, b], [c, d]], df = 1, no continuity
// correction. Also returns the signed root `z` = sign(a/(a+b) - c/(c+d)) * sqrt(X^2), so a
// one-sided test of "row 1 has the larger share of column 1" is NormalUpperTail(z).
// Error when a row or column total is zero or a count is negative.
struct TwoByTwoResult {
  ChiSquareResult chi_square;
  double z = 0.0;
};
Result<TwoByTwoResult> ChiSquareTwoByTwo(double a, double b, double c, double d);

}  // namespace kpiwatch::stats
