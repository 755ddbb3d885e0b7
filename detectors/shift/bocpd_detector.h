// The `bocpd` detector: change points from Bayesian online change-point detection
// (bocpd.h), each with its posterior probability.
#pragma once

#include <vector>

#include "detectors/core/finding.h"
#include "detectors/core/params.h"
#include "detectors/core/series.h"
#include "detectors/core/status.h"

namespace kpiwatch::shift {

std::vector<ParamSpec> BocpdParams();
Result<DetectorOutcome> RunBocpdDetector(const DetectorInput& input, const ParamValues& params);

}  // namespace kpiwatch::shift
