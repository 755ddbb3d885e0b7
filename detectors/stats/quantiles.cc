#include "detectors/stats/quantiles.h"

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/students_t.hpp>

namespace kpiwatch::stats {

double StudentQuantile(double p, double df) {
  return boost::math::quantile(boost::math::students_t(df), p);
}

double ChiSquareQuantile(double p, double df) {
  return boost::math::quantile(boost::math::chi_squared(df), p);
}

}  // namespace kpiwatch::stats
