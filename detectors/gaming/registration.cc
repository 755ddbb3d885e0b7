// Registry entries of the gaming detector family: the signatures an indicator shows when
// people steer on the number rather than on what it stands for. See docs/detectors/gaming.md.
#include "detectors/core/registry.h"
#include "detectors/gaming/benford.h"
#include "detectors/gaming/denominator_shift.h"
#include "detectors/gaming/last_digit.h"
#include "detectors/gaming/paired_divergence.h"
#include "detectors/gaming/period_end_spike.h"
#include "detectors/gaming/target_hugging.h"
#include "detectors/gaming/threshold_bunching.h"
#include "detectors/gaming/underdispersion.h"

namespace kpiwatch {

std::vector<DetectorInfo> GamingDetectors() {
  return {
      {"threshold_bunching", "gaming",
       "values pile up just on the good side of a threshold, across units or event samples",
       "the density of the values is smooth through the threshold (no excess mass on its good side)",
       InputShape::kCrossSection, gaming::ThresholdBunchingParams(), gaming::DetectThresholdBunching},
      {"target_hugging", "gaming",
       "a series stays just on the good side of its target; its spread collapses once the target applies",
       "points are as likely just below as just above the target, and the spread of the distance to the "
       "target did not shrink after the target's valid_from",
       InputShape::kSeries, gaming::TargetHuggingParams(), gaming::DetectTargetHugging},
      {"period_end_spike", "gaming",
       "a flow's last sub-period of the year (or a deadline) is far above what the year predicts",
       "the deadline sub-period's share of the year is the same as in the other years",
       InputShape::kSeries, gaming::PeriodEndSpikeParams(), gaming::DetectPeriodEndSpike},
      {"benford", "gaming",
       "first digits and first two digits of amounts or counts depart from Benford's law",
       "the leading digits follow Benford's law",
       InputShape::kSeries, gaming::BenfordParams(), gaming::DetectBenford},
      {"last_digit", "gaming",
       "last digits heap on 0 and 5: values estimated or rounded rather than measured",
       "the last digits at the stated precision are uniform",
       InputShape::kSeries, gaming::LastDigitParams(), gaming::DetectLastDigit},
      {"underdispersion", "gaming",
       "a rate or count varies less than binomial or Poisson sampling allows: too smooth to be true",
       "the series varies at least as much as binomial (rates with denominators) or Poisson (counts) "
       "sampling makes it",
       InputShape::kSeries, gaming::UnderdispersionParams(), gaming::DetectUnderdispersion},
      {"denominator_shift", "gaming",
       "a ratio improves mainly because its denominator shrank (cream-skimming, deterred intake)",
       "the denominator did not move in the direction that flatters the ratio",
       InputShape::kSeries, gaming::DenominatorShiftParams(), gaming::DetectDenominatorShift},
      {"paired_divergence", "gaming",
       "an indicator improves while its declared counter-indicator worsens over the same window",
       "not both: the indicator did not improve or the counter-indicator did not worsen",
       InputShape::kPair, gaming::PairedDivergenceParams(), gaming::DetectPairedDivergence},
  };
}

}  // namespace kpiwatch
