// The `pelt` and `binseg` detectors: change points in the level (or level and spread,
// or rate) of one series, found by penalised-likelihood segmentation.
//
// Null hypothesis: the series has one constant mean (mean-and-variance, rate) with the
// noise described by the cost. Statistic of each change point: the cost reduction of
// cutting its two neighbouring segments there, in units of twice the log-likelihood.
// p_value: a Bonferroni bound over the possible cut rows between the neighbouring change
// points of the chi-square(p) tail of that reduction; it treats the neighbours as fixed
// and the noise model as right, so read it as a rough guide, not an exact test.
#pragma once

#include <vector>

#include "detectors/core/finding.h"
#include "detectors/core/params.h"
#include "detectors/core/series.h"
#include "detectors/core/status.h"

namespace kpiwatch::shift {

// Parameters shared by pelt and binseg, with their defaults.
std::vector<ParamSpec> SegmentationParams();

// PELT (exact); see detectors/segment/pelt.h.
Result<DetectorOutcome> RunPelt(const DetectorInput& input, const ParamValues& params);
// Binary segmentation (approximate); see detectors/segment/binseg.h.
Result<DetectorOutcome> RunBinseg(const DetectorInput& input, const ParamValues& params);

}  // namespace kpiwatch::shift
