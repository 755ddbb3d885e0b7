// Quantile functions of reference distributions not in distributions.h, via Boost.Math.
#pragma once

namespace kpiwatch::stats {

// t such that P(T <= t) = p for T ~ Student t(df); p in (0, 1), df > 0.
double StudentQuantile(double p, double df);
// x such that P(X <= x) = p for X ~ chi-square(df); p in (0, 1), df > 0.
double ChiSquareQuantile(double p, double df);

}  // namespace kpiwatch::stats
