// The `cusum` detector: a batch run of the CUSUM in cusum.h over one series, one
// "cusum_alarm" finding per alarm (index = estimated start, window_end = alarm row).
#pragma once

#include <vector>

#include "detectors/core/finding.h"
#include "detectors/core/params.h"
#include "detectors/core/registry.h"
#include "detectors/core/series.h"
#include "detectors/core/status.h"
#include "detectors/shift/cusum.h"

namespace kpiwatch::shift {

std::vector<ParamSpec> CusumParams();
// The options the validated parameters describe.
CusumOptions CusumOptionsFrom(const ParamValues& params);
// Turns one alarm into a finding (also used by the daemon's point-by-point runs).
Finding CusumFinding(const DetectorInput& input, const CusumOptions& options, const CusumAlarm& alarm);
Result<DetectorOutcome> RunCusumDetector(const DetectorInput& input, const ParamValues& params);
// The incremental form (registry `resume`): the state is the CusumState plus every alarm
// raised so far, so the outcome (all findings) equals RunCusumDetector on the whole input.
Result<IncrementalOutcome> ResumeCusumDetector(const DetectorInput& input, const ParamValues& params,
                                               std::string_view state);

}  // namespace kpiwatch::shift
