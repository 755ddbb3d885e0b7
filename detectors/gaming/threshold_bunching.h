// threshold_bunching: values pile up just on the good side of a threshold.
//
// Looks at a distribution of values across units (every unit of one indicator in one
// period, or pooled over periods) or across event samples (e.g. minutes waited per case
// against a 4-hour target). Three views, all reported:
//  1. exact binomial tests of the counts just on the good vs just on the bad side of the
//     threshold in nested windows of 1, 2, 4 and 8 bins (as rddensity's binomial tests);
//  2. the bunching estimator (stats/bunching.h; Kleven 2016): excess mass in the first
//     `bunching_bins` bins on the good side against a log-polynomial counterfactual fitted
//     outside the excluded window, with a parametric bootstrap standard error;
//  3. McCrary's (2008) density discontinuity test (stats/density.h).
// H0: the density of the values is smooth through the threshold (no excess mass).
// The finding is decided by view 2: z = excess_mass / bootstrap SE, one-sided
// p = P(Z > z) <= alpha. Views 1 and 3 are corroborating evidence.
// Not applicable without a threshold (target or `threshold` parameter) or when the
// threshold lies outside the data; insufficient data below `min_values` values in range.
#pragma once

#include <vector>

#include "detectors/core/finding.h"
#include "detectors/core/params.h"
#include "detectors/core/series.h"
#include "detectors/core/status.h"

namespace kpiwatch::gaming {

std::vector<ParamSpec> ThresholdBunchingParams();
Result<DetectorOutcome> DetectThresholdBunching(const DetectorInput& input,
                                                const ParamValues& params);

}  // namespace kpiwatch::gaming
