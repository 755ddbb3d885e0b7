// Brown-Forsythe test of equal spread across groups.
//
// H0: all groups have the same spread (variance). Statistic: the one-way ANOVA F on the
// absolute deviations |y - median of its group| (Levene's test with the median as
// centre), F ~ F(k - 1, N - k) under H0. Brown & Forsythe (1974), "Robust tests for the
// equality of variances", JASA 69:364-367. Matches R's
// car::leveneTest(y ~ group, center = median).
#pragma once

#include <span>
#include <vector>

#include "detectors/core/status.h"

namespace kpiwatch::stats {

struct BrownForsytheResult {
  double f = 0.0;
  double df_between = 0.0;        // k - 1
  double df_within = 0.0;         // N - k
  double p_value = 1.0;           // P(F >= f)
  std::vector<double> mean_absolute_deviation;  // per group, mean |y - median|
};

// Error when there are fewer than 2 groups, a group has fewer than 2 values, or all
// absolute deviations are equal within groups (F undefined).
Result<BrownForsytheResult> BrownForsythe(const std::vector<std::vector<double>>& groups);

}  // namespace kpiwatch::stats
