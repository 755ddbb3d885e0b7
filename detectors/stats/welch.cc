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
  const double difference = Mean(after) - Mean(before);
  if (std::isfinite(difference)) test.difference = difference;
  const double v1 = Variance(before) / n1;
  const double v2 = Variance(after) / n2;
  const double total = v1 + v2;
  if (!(total > 0.0) || !std::isfinite(total) || !std::isfinite(difference)) return test;
  test.t = test.difference / std::sqrt(total);
  // Welch-Satterthwaite with the variances as shares of their sum: the same value as
  // (v1 + v2)^2 / (v1^2 / (n1 - 1) + v2^2 / (n2 - 1)), but squares cannot under- or overflow.
  const double share1 = v1 / total;
  const double share2 = v2 / total;
  test.degrees_of_freedom = 1.0 / (share1 * share1 / (n1 - 1.0) + share2 * share2 / (n2 - 1.0));
  test.p_value = StudentTwoSided(test.t, test.degrees_of_freedom);
  return test;
}

}  // namespace kpiwatch::stats
