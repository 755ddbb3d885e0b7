// denominator_shift: a ratio improves mainly because its denominator shrank.
//
// Cream-skimming and deterred intake: the ratio r = N / D gets better while the
// numerator stays put. Between a before and an after window (see `window`, `split`),
// with window means, the log change of the ratio decomposes exactly as
//   ln(r_after / r_before) = ln(N_after / N_before) - ln(D_after / D_before),
// and the denominator's share is -ln(D_after / D_before) / ln(r_after / r_before).
// The denominator's change is tested by a Newey-West HAC test of the shift in mean log
// denominator (stats/newey_west.h), one-sided in the direction that flatters the ratio.
// H0: the denominator did not move in the flattering direction.
// A finding needs: the ratio moved the good way, the denominator explains at least
// `share` of it, and the denominator test p <= alpha.
// Numerators and denominators come from a related kNumerator/kDenominator series or
// Series::denominators (numerator = ratio x denominator, /100 for percent).
// Not applicable without denominators; insufficient data when a window has fewer than
// `min_window` rows.
#pragma once

#include <vector>

#include "detectors/core/finding.h"
#include "detectors/core/params.h"
#include "detectors/core/series.h"
#include "detectors/core/status.h"

namespace kpiwatch::gaming {

std::vector<ParamSpec> DenominatorShiftParams();
Result<DetectorOutcome> DetectDenominatorShift(const DetectorInput& input, const ParamValues& params);

}  // namespace kpiwatch::gaming
