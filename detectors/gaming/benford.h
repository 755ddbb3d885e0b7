// benford: first-digit and first-two-digits tests for amounts and counts.
//
// Benford's law: in data spanning several orders of magnitude the leading digits d
// occur with probability log10(1 + 1/d) (first digit 1..9; first two digits 10..99).
// Nigrini (2012), "Benford's Law: Applications for Forensic Accounting, Auditing, and
// Fraud Detection", Wiley. For each test: Pearson chi-square goodness of fit
// (stats/chi_square.h; H0: the digits follow Benford's law) and Nigrini's mean absolute
// deviation MAD = mean_d |observed share - expected share| with his conformity bands
// (first digit: close <= 0.006, acceptable <= 0.012, marginal <= 0.015, else
// nonconformity; first two: 0.0012, 0.0018, 0.0022). A finding needs the chi-square
// p <= alpha (Bonferroni over the tests run) and, by default, a MAD beyond "acceptable",
// because with many values the chi-square rejects trivial departures.
// Not applicable to percent/ratio/score/duration units or when the values (1st to 99th
// percentile) span less than `min_orders` orders of magnitude; insufficient data below
// `min_values` (the first-two-digits test needs `min_values_two_digits` values >= 10).
#pragma once

#include <vector>

#include "detectors/core/finding.h"
#include "detectors/core/params.h"
#include "detectors/core/series.h"
#include "detectors/core/status.h"

namespace kpiwatch::gaming {

std::vector<ParamSpec> BenfordParams();
Result<DetectorOutcome> DetectBenford(const DetectorInput& input, const ParamValues& params);

// The leading digits of |value| as a number: first digit 1..9 (`digits` 1) or first two
// 10..99 (`digits` 2); 0 for zero or non-finite values.
int LeadingDigits(double value, int digits);

}  // namespace kpiwatch::gaming
