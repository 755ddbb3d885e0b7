// gaps: the series is not complete.
//
// Two kinds of finding:
//  - missing_periods: periods without a (finite) value between two observed periods,
//    one finding per gap of at least `min_gap` periods;
//  - stopped_reporting: the unit's last observed period lies behind the period that
//    at least `min_continuing_share` of the other units (DetectorInput::peers, the unit
//    itself excluded) have reached, with at least `min_peers` other units.
// No statistics: counts of missing periods.
// Not applicable without periods.
#pragma once

#include <vector>

#include "detectors/core/finding.h"
#include "detectors/core/params.h"
#include "detectors/core/series.h"
#include "detectors/core/status.h"

namespace kpiwatch::trust {

std::vector<ParamSpec> GapsParams();
Result<DetectorOutcome> DetectGaps(const DetectorInput& input, const ParamValues& params);

}  // namespace kpiwatch::trust
