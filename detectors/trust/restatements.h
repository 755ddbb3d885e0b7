// restatements: historical values were revised.
//
// Over the revisions of the series' unit (DetectorInput::revisions; all revisions when
// the series has no unit):
//  - large_revision: a revision that changes the value by at least
//    `min_relative_change` of the old value;
//  - late_revision: a non-zero revision made more than `deadline_days` after the end
//    of its period (after the reporting deadline);
//  - favourable_revisions: a one-sided exact sign test. H0: a non-zero revision is as
//    likely to move the number in the unfavourable as in the favourable direction
//    (IndicatorInfo::direction); statistic: the number of favourable revisions k out of
//    n, p = P(Binomial(n, 1/2) >= k). Reported when n >= `min_revisions` and p <= alpha:
//    revisions that systematically flatter the number are a gaming signal of their own.
// No revisions: nothing found.
#pragma once

#include <vector>

#include "detectors/core/finding.h"
#include "detectors/core/params.h"
#include "detectors/core/series.h"
#include "detectors/core/status.h"

namespace kpiwatch::trust {

std::vector<ParamSpec> RestatementsParams();
Result<DetectorOutcome> DetectRestatements(const DetectorInput& input, const ParamValues& params);

}  // namespace kpiwatch::trust
