// definition_change: a declared definition version change inside the series.
//
// For every period in IndicatorInfo::definition_changes that falls inside the series
// (see core/known_breaks.h), a finding asking whether the series is still comparable
// across the boundary. The finding is raised because the change is declared, whatever
// the data show; as evidence it compares up to `window` values on each side with
// Welch's t test (H0: equal means before and after; two-sided p-value), so a
// controller sees whether the level moved at the boundary.
// Not applicable when no definition change is declared or the series has no periods.
#pragma once

#include <vector>

#include "detectors/core/finding.h"
#include "detectors/core/params.h"
#include "detectors/core/series.h"
#include "detectors/core/status.h"

namespace kpiwatch::trust {

std::vector<ParamSpec> DefinitionChangeParams();
Result<DetectorOutcome> DetectDefinitionChange(const DetectorInput& input, const ParamValues& params);

}  // namespace kpiwatch::trust
