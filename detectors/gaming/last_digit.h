// last_digit: heaping of last digits (typically 0 and 5) in values reported at a stated
// precision.
//
// Values recorded at precision q (1, 0.1, ...) whose spread covers many steps of q have
// last digits round(|x| / q) mod 10 close to uniform. Heaping on 0 and 5 is the mark of
// values that were estimated or rounded rather than measured (Preece 1981, "Distributions
// of final digits in data", The Statistician 30:31-60). Pearson chi-square test of
// uniformity over the ten digits (stats/chi_square.h; H0: uniform last digits, df 9);
// the finding reports the share of 0/5 against 20% with its one-sided exact binomial p.
// A finding needs the chi-square p <= alpha.
// Not applicable when the precision cannot be inferred ("auto": the fewest decimals, up
// to 6, that represent every value exactly) or the values span fewer than `min_steps`
// steps of it (10th to 90th percentile); insufficient data below `min_values`.
#pragma once

#include <vector>

#include "detectors/core/finding.h"
#include "detectors/core/params.h"
#include "detectors/core/series.h"
#include "detectors/core/status.h"

namespace kpiwatch::gaming {

std::vector<ParamSpec> LastDigitParams();
Result<DetectorOutcome> DetectLastDigit(const DetectorInput& input, const ParamValues& params);

// The precision 10^-d for the fewest decimals d in 0..6 that represent every value
// (to 1e-6 of a step); nullopt when none does.
std::optional<double> InferPrecision(const std::vector<double>& values);

}  // namespace kpiwatch::gaming
