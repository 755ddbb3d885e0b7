// period_end_spike: a flow's deadline sub-period is far above what the year predicts.
//
// For flow indicators (counts, amounts) with sub-annual periods. For each complete year
// y, L_y is the value of the deadline sub-period (the last of the year, or `position`)
// and O_y the sum of the other sub-periods. The expectation for L_y is O_y times the
// deadline share of the other complete years, so both the seasonal pattern of earlier
// years and the level of this year count.
//  - model poisson (counts): Pearson chi-square test of the 2x2 table
//    [[L_y, O_y], [L_rest, O_rest]] (stats/chi_square.h), one-sided via its signed root z;
//  - model lognormal (amounts): r = ln(L / mean of the other sub-periods); t = (r_y -
//    mean r_rest) / (sd r_rest * sqrt(1 + 1/m)), Student t with m - 1 df (a prediction
//    interval from the m other years; needs m >= 3).
// H0: the deadline sub-period's share of the year is the same as in the other years.
// By default only the latest complete year is tested (a monitoring rule runs as each year
// completes; backtests replay history); with years=all every complete year is tested,
// Bonferroni-corrected over the years tested. One finding per flagged year, with the ratio observed/expected and the next sub-period's ratio to
// the year's average (a dip there suggests pull-forward).
#pragma once

#include <vector>

#include "detectors/core/finding.h"
#include "detectors/core/params.h"
#include "detectors/core/series.h"
#include "detectors/core/status.h"

namespace kpiwatch::gaming {

std::vector<ParamSpec> PeriodEndSpikeParams();
Result<DetectorOutcome> DetectPeriodEndSpike(const DetectorInput& input, const ParamValues& params);

}  // namespace kpiwatch::gaming
