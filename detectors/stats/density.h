// Local-linear density estimation at a boundary and the McCrary density test.
//
// McCrary (2008), "Manipulation of the running variable in the regression discontinuity
// design: a density test", Journal of Econometrics 142:698-714. Step 1: a fine histogram
// whose bins never straddle the cutoff c, cell heights Y_j = count_j / (n b). Step 2: on
// each side, a local-linear regression of Y_j on the bin centres with the triangular
// kernel K(t) = max(0, 1 - |t|) and bandwidth h, evaluated at c, gives f_below and
// f_above. H0: the density is continuous at c. Statistic:
//   theta = ln f_above - ln f_below,  se = sqrt( (1 / (n h)) (24 / 5) (1 / f_above + 1 / f_below) ),
// z = theta / se ~ N(0, 1) under H0.
#pragma once

#include <span>

#include "detectors/core/status.h"

namespace kpiwatch::stats {

struct DensityJump {
  double density_below = 0.0;   // local-linear estimate of f(c-)
  double density_above = 0.0;   // local-linear estimate of f(c+)
  double log_difference = 0.0;  // theta = ln f(c+) - ln f(c-)
  double standard_error = 0.0;
  double z = 0.0;
};

// Local-linear estimate of the density of `x` at `cutoff` from one side (`above` true:
// bins in [c, c + h), else [c - h, c)), from a histogram with `bin_width` b.
// Error when b or h is not positive, b >= h, or the side has fewer than 2 bins.
Result<double> LocalLinearDensityAtBoundary(std::span<const double> x, double cutoff,
                                            double bin_width, double bandwidth, bool above);

// McCrary's test of a density discontinuity at `cutoff`. Error as above, or when an
// estimated one-sided density is not positive.
Result<DensityJump> McCraryTest(std::span<const double> x, double cutoff, double bin_width,
                                double bandwidth);

}  // namespace kpiwatch::stats
