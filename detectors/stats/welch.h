// Welch's two-sample t test (unequal variances), as R's t.test(var.equal = FALSE).
#pragma once

#include <span>

namespace kpiwatch::stats {

struct WelchTest {
  double difference = 0.0;  // mean(after) - mean(before)
  double t = 0.0;
  double degrees_of_freedom = 0.0;  // Welch-Satterthwaite
  double p_value = 1.0;             // two-sided
};

// H0: the two samples have equal means. Statistic t = (mean2 - mean1) /
// sqrt(s1^2/n1 + s2^2/n2) with Welch-Satterthwaite degrees of freedom (Welch 1947,
// Biometrika 34, 28-35). Needs at least 2 values on each side; returns t = 0, p = 1
// when a side is shorter, both samples are constant, or the values are so large that
// their means or variances overflow.
WelchTest RunWelchTest(std::span<const double> before, std::span<const double> after);

}  // namespace kpiwatch::stats
