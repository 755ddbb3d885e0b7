// Tail probabilities of the reference distributions, via Boost.Math.
//
// Upper-tail functions use complements so tiny p-values keep their precision.
// Inputs outside the support return the obvious limit (e.g. p = 1 for x <= 0 in an
// upper chi-square tail); invalid parameters (degrees of freedom that are not positive, a
// NaN) give NaN rather than an exception.
#pragma once

#include <cstdint>

namespace kpiwatch::stats {

// P(Z > z) for a standard normal.
double NormalUpperTail(double z);
// P(|Z| > |z|).
double NormalTwoSided(double z);
// Phi^-1(p), p in (0, 1).
double NormalQuantile(double p);
// t such that P(T <= t) = p for T ~ Student t(df); p in (0, 1), df > 0.
double StudentQuantile(double p, double df);
// x such that P(X <= x) = p for X ~ chi-square(df); p in (0, 1), df > 0.
double ChiSquareQuantile(double p, double df);
// P(X > x) for X ~ chi-square(df).
double ChiSquareUpperTail(double x, double df);
// P(X <= x) for X ~ chi-square(df).
double ChiSquareLowerTail(double x, double df);
// P(T > t) for T ~ Student t(df).
double StudentUpperTail(double t, double df);
// P(|T| > |t|) for T ~ Student t(df).
double StudentTwoSided(double t, double df);
// P(F > f) for F ~ F(df1, df2).
double FUpperTail(double f, double df1, double df2);
// P(X >= k) for X ~ Binomial(n, p).
double BinomialUpperTail(std::int64_t k, std::int64_t n, double p);
// P(X <= k) for X ~ Binomial(n, p).
double BinomialLowerTail(std::int64_t k, std::int64_t n, double p);
// Two-sided exact binomial test p-value as R's binom.test: the sum of the
// probabilities of all outcomes no more likely than k (relative tolerance 1e-7).
double BinomialTwoSided(std::int64_t k, std::int64_t n, double p);
// P(X >= k) for X ~ Poisson(mean).
double PoissonUpperTail(std::int64_t k, double mean);
// P(X <= k) for X ~ Poisson(mean).
double PoissonLowerTail(std::int64_t k, double mean);

}  // namespace kpiwatch::stats
