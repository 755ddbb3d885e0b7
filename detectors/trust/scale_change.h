// scale_change: a jump by a factor near 10, 100 or 1000 (up or down), or a switch
// between fraction and percent: more likely a unit or definition change (thousands vs
// units, 0.62 vs 62%) than a real change.
//
// At each row t the level after (median of the next `window` values from t) is compared
// with the level before (median of the `window` values before t); the step v_t/v_(t-1)
// and the ratio of the levels must both lie within a factor (1 + `tolerance`) of the
// same power 10^m, m in {-3..3} \ {0}. Requiring the level ratio keeps a single typo
// (one value off by 10x) out. For percent and ratio indicators a factor 100 with all
// values before in [0, 1] and some after above 1 (or the reverse) is reported as
// fraction_percent_switch, otherwise as scale_jump. Values <= 0 are skipped.
// No statistics: a rule on ratios. Insufficient data below 2 `window` values.
#pragma once

#include <vector>

#include "detectors/core/finding.h"
#include "detectors/core/params.h"
#include "detectors/core/series.h"
#include "detectors/core/status.h"

namespace kpiwatch::trust {

std::vector<ParamSpec> ScaleChangeParams();
Result<DetectorOutcome> DetectScaleChange(const DetectorInput& input, const ParamValues& params);

}  // namespace kpiwatch::trust
