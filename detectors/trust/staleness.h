// staleness: the series is not current.
//
// The latest expected period is the last one whose end plus a grace period has passed
// at DetectorInput::as_of (the clock comes in with the input, so the daemon runs this
// on a schedule and tests pass a fixed time). A finding when the series' latest
// observed period is older: how many periods are missing and how many days the first
// missing one is overdue. No statistics: a rule, not a test.
// Grace (`grace_days`, auto): day 3, week 14, month 45, quarter 75, year 120 days after
// the period's last day.
// Not applicable without as_of or a cadence (IndicatorInfo::cadence or the periods');
// insufficient data when the series has no observation.
#pragma once

#include <vector>

#include "detectors/core/finding.h"
#include "detectors/core/params.h"
#include "detectors/core/series.h"
#include "detectors/core/status.h"

namespace kpiwatch::trust {

// The default grace in days for a cadence (see above).
int DefaultGraceDays(Cadence cadence);
// The latest period of `cadence` whose last day plus `grace_days` lies before `today`.
Period LatestDuePeriod(Cadence cadence, std::chrono::sys_days today, int grace_days);

std::vector<ParamSpec> StalenessParams();
Result<DetectorOutcome> DetectStaleness(const DetectorInput& input, const ParamValues& params);

}  // namespace kpiwatch::trust
