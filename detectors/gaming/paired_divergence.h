// paired_divergence: an indicator improves while its declared counter-indicator worsens.
//
// E.g. outflow to work up while "still at work after 6 months" goes down (Koning &
// Heinrich 2013). Both series are compared over the same windows (see `window`,
// `split`): method window tests the shift in mean between the before and after windows,
// method trend the linear slope over both windows; each with a Newey-West HAC standard
// error (stats/newey_west.h, prewhitened), one-sided: the indicator in its good direction, the
// counter-indicator in its bad direction (each by its own IndicatorInfo::direction).
// The pair is judged by an intersection-union test (Berger 1982, Technometrics 24:295-300):
// H0: not (indicator improved and counter-indicator worsened); p = max of the two
// one-sided p-values. The IUT is exact at level alpha at the least favourable null (one
// series moved, the other not) and conservative elsewhere (about alpha^2 when neither
// moved); hence the default alpha of 0.10.
// Not applicable without a related kCounterIndicator series or when the two cannot be
// aligned; insufficient data when a window has fewer than `min_window` rows.
#pragma once

#include <vector>

#include "detectors/core/finding.h"
#include "detectors/core/params.h"
#include "detectors/core/series.h"
#include "detectors/core/status.h"

namespace kpiwatch::gaming {

std::vector<ParamSpec> PairedDivergenceParams();
Result<DetectorOutcome> DetectPairedDivergence(const DetectorInput& input, const ParamValues& params);

}  // namespace kpiwatch::gaming
