#include "detectors/stats/distributions.h"

#include <algorithm>
#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/fisher_f.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/poisson.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>

namespace kpiwatch::stats {
namespace bm = boost::math;
namespace {
// Invalid parameters (a NaN or non-positive degrees of freedom from degenerate data) give
// NaN instead of an exception, so these functions are total and callers check the result.
// promote_double<false>: Boost.Math's double algorithms (accurate to a few ulp) instead of
// its default of computing in x87 long double, which made quantiles and tail
// probabilities several times slower for no accuracy a p-value needs.
using Total = bm::policies::policy<
    bm::policies::domain_error<bm::policies::ignore_error>,
    bm::policies::pole_error<bm::policies::ignore_error>,
    bm::policies::overflow_error<bm::policies::ignore_error>,
    bm::policies::evaluation_error<bm::policies::ignore_error>,
    bm::policies::rounding_error<bm::policies::ignore_error>,
    bm::policies::promote_double<false>>;
using Normal = bm::normal_distribution<double, Total>;
using ChiSquared = bm::chi_squared_distribution<double, Total>;
using StudentT = bm::students_t_distribution<double, Total>;
using FisherF = bm::fisher_f_distribution<double, Total>;
using Binomial = bm::binomial_distribution<double, Total>;
using Poisson = bm::poisson_distribution<double, Total>;
}  // namespace

double NormalUpperTail(double z) { return bm::cdf(bm::complement(Normal(), z)); }
double NormalTwoSided(double z) { return std::min(1.0, 2.0 * NormalUpperTail(std::abs(z))); }
double NormalQuantile(double p) { return bm::quantile(Normal(), p); }
double StudentQuantile(double p, double df) { return bm::quantile(StudentT(df), p); }
double ChiSquareQuantile(double p, double df) { return bm::quantile(ChiSquared(df), p); }

double ChiSquareUpperTail(double x, double df) {
  if (x <= 0.0) return 1.0;
  return bm::cdf(bm::complement(ChiSquared(df), x));
}
double ChiSquareLowerTail(double x, double df) {
  if (x <= 0.0) return 0.0;
  return bm::cdf(ChiSquared(df), x);
}

double StudentUpperTail(double t, double df) {
  return bm::cdf(bm::complement(StudentT(df), t));
}
double StudentTwoSided(double t, double df) {
  return std::min(1.0, 2.0 * StudentUpperTail(std::abs(t), df));
}

double FUpperTail(double f, double df1, double df2) {
  if (f <= 0.0) return 1.0;
  return bm::cdf(bm::complement(FisherF(df1, df2), f));
}

double BinomialUpperTail(std::int64_t k, std::int64_t n, double p) {
  if (k <= 0) return 1.0;
  if (k > n) return 0.0;
  Binomial dist(static_cast<double>(n), p);
  return bm::cdf(bm::complement(dist, static_cast<double>(k - 1)));
}
double BinomialLowerTail(std::int64_t k, std::int64_t n, double p) {
  if (k < 0) return 0.0;
  if (k >= n) return 1.0;
  return bm::cdf(Binomial(static_cast<double>(n), p), static_cast<double>(k));
}

double BinomialTwoSided(std::int64_t k, std::int64_t n, double p) {
  if (n <= 0) return 1.0;
  Binomial dist(static_cast<double>(n), p);
  const double relative_error = 1.0 + 1e-7;
  double observed = bm::pdf(dist, static_cast<double>(k));
  double total = 0.0;
  for (std::int64_t i = 0; i <= n; ++i) {
    double probability = bm::pdf(dist, static_cast<double>(i));
    if (probability <= observed * relative_error) total += probability;
  }
  return std::min(1.0, total);
}

double PoissonUpperTail(std::int64_t k, double mean) {
  if (k <= 0) return 1.0;
  return bm::cdf(bm::complement(Poisson(mean), static_cast<double>(k - 1)));
}
double PoissonLowerTail(std::int64_t k, double mean) {
  if (k < 0) return 0.0;
  return bm::cdf(Poisson(mean), static_cast<double>(k));
}

}  // namespace kpiwatch::stats
