// The `outlier` detector: single-period anomalies after seasonal adjustment (outlier.h).
#pragma once

#include <vector>

#include "detectors/core/finding.h"
#include "detectors/core/params.h"
#include "detectors/core/series.h"
#include "detectors/core/status.h"

namespace kpiwatch::shift {

std::vector<ParamSpec> OutlierParams();
Result<DetectorOutcome> RunOutlierDetector(const DetectorInput& input, const ParamValues& params);

}  // namespace kpiwatch::shift
