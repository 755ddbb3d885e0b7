// target_hugging: one series stays just on the good side of its target.
//
// Two tests, Bonferroni-combined (p = min(1, m * smallest p) over the m tests that apply):
//  1. band test: among the points where the target applies, the count in the band
//     [T, T + b) on the good side against the band [T - b, T) on the bad side, by a
//     one-sided binomial test with p = 1/2 (H0: a locally flat distribution around T),
//     as a mid-p value P(X > k) + P(X = k)/2 (Lancaster 1961, JASA 56:223-234): with the
//     handful of points a band holds, the exact test's discreteness would halve its size;
//  2. variance collapse: when the target has a valid_from inside the series, the spread
//     of the distance to the target before and after it, by the Brown-Forsythe test
//     (stats/brown_forsythe.h), one-sided for a smaller spread after.
// H0: the series does not concentrate just on the good side of the target.
// Not applicable without a target or `threshold`; insufficient data below `min_points`.
#pragma once

#include <vector>

#include "detectors/core/finding.h"
#include "detectors/core/params.h"
#include "detectors/core/series.h"
#include "detectors/core/status.h"

namespace kpiwatch::gaming {

std::vector<ParamSpec> TargetHuggingParams();
Result<DetectorOutcome> DetectTargetHugging(const DetectorInput& input, const ParamValues& params);

}  // namespace kpiwatch::gaming
