// underdispersion: "too smooth to be true".
//
// A rate with known denominators n_t cannot vary less than binomial sampling allows, and
// counts not less than Poisson sampling allows. After an optional fit of the level
// (none: one pooled level; linear: a trend; seasonal: trend plus one level per position
// in the year), the dispersion statistic
//   binomial: D = sum_t n_t (p_t - phat_t)^2 / (phat_t (1 - phat_t)),
//   poisson:  D = sum_t (y_t - yhat_t)^2 / yhat_t,
// is chi-square with T - k df under H0 (Cochran 1954, "Some methods for strengthening
// the common chi-square tests", Biometrics 10:417-451). H0: the variation is at least
// binomial/Poisson; the test is the left tail P(chi2 <= D), so a finding means the series
// varies less than sampling alone would make it. Real rates are usually overdispersed,
// so the test is conservative in practice.
// Not applicable to a rate without denominators (Series::denominators or a related
// kDenominator series) or to a non-count without them; insufficient data below
// `min_points` usable rows.
#pragma once

#include <vector>

#include "detectors/core/finding.h"
#include "detectors/core/params.h"
#include "detectors/core/series.h"
#include "detectors/core/status.h"

namespace kpiwatch::gaming {

std::vector<ParamSpec> UnderdispersionParams();
Result<DetectorOutcome> DetectUnderdispersion(const DetectorInput& input, const ParamValues& params);

}  // namespace kpiwatch::gaming
