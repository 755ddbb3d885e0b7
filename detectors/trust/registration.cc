// Registry entries of the trust detector family: is the data complete, current and
// correct? See docs/detectors/proxy-and-trust.md.
#include "detectors/core/registry.h"
#include "detectors/trust/definition_change.h"
#include "detectors/trust/gaps.h"
#include "detectors/trust/restatements.h"
#include "detectors/trust/scale_change.h"
#include "detectors/trust/staleness.h"

namespace kpiwatch {

std::vector<DetectorInfo> TrustDetectors() {
  return {
      {"staleness", "trust",
       "no value for the latest period that is due (period end + grace) at the evaluation time",
       "every period whose end plus grace has passed has a value", InputShape::kClock,
       trust::StalenessParams(), trust::DetectStaleness},
      {"gaps", "trust",
       "missing periods inside the series, and units that stopped reporting while the others continue",
       "every period between the first and last observation has a value, and the unit reports as "
       "far as the other units",
       InputShape::kSeries, trust::GapsParams(), trust::DetectGaps},
      {"restatements", "trust",
       "revised historical values: large revisions, revisions after the deadline, and revisions "
       "that systematically favour the number (sign test)",
       "revisions are small, timely, and as likely to move the number in the unfavourable as in "
       "the favourable direction",
       InputShape::kRevisions, trust::RestatementsParams(), trust::DetectRestatements},
      {"scale_change", "trust",
       "a jump by a factor near 10, 100 or 1000, or a switch between fraction and percent",
       "the level does not change by a power of ten from one period to the next",
       InputShape::kSeries, trust::ScaleChangeParams(), trust::DetectScaleChange},
      {"definition_change", "trust",
       "a declared definition version change inside the series: is it still comparable?",
       "no definition change is declared inside the series", InputShape::kSeries,
       trust::DefinitionChangeParams(), trust::DetectDefinitionChange},
  };
}

}  // namespace kpiwatch
