#include "detectors/stats/welch.h"

#include <cmath>

#include "detectors/stats/distributions.h"
#include "detectors/stats/robust.h"

namespace kpiwatch::stats {

WelchTest RunWelchTest(std::span<const double> before, std::span<const double> after) {
  WelchTest test;
  if (before.size() < 2 || after.size() < 2) return test;
  const double n1 = static_cast<double>(before.size());
  const double n2 = static_cast<double>(after.size());
  test.difference = Mean(after) - Mean(before);
  const double v1 = Variance(before) / n1;
  const double v2 = Variance(after) / n2;
  if (!(v1 + v2 > 0.0)) return test;
  test.t = test.difference / std::sqrt(v1 + v2);
  test.degrees_of_freedom = (v1 + v2) * (v1 + v2) / (v1 * v1 / (n1 - 1.0) + v2 * v2 / (n2 - 1.0));
  test.p_value = StudentTwoSided(test.t, test.degrees_of_freedom);
  return test;
}

}  // namespace kpiwatch::stats
