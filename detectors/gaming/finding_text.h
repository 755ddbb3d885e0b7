// Building gaming findings: location, number formatting and the standard wording.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "detectors/core/finding.h"
#include "detectors/core/series.h"

namespace kpiwatch::gaming {

// The closing sentence of every gaming explanation.
inline constexpr const char* kSignalNotProof =
    "This is a statistical signal, not proof of gaming: it is a reason to ask how the "
    "number came about before steering on it.";

// A number for an explanation, with `digits` significant digits ("0.0123", "1.5e+06").
std::string Num(double value, int digits = 3);
// "p = 0.012" or "p < 0.0001".
std::string PValueText(double p);
// A share as a percentage: 0.1234 -> "12.3%".
std::string Percent(double share);

// A finding of `detector`/`kind` about the input's series, located at row `index` with the
// window [window_begin, window_end] (rows; period labels filled from the series).
Finding NewFinding(const char* detector, const char* kind, const DetectorInput& input,
                   std::size_t index, std::size_t window_begin, std::size_t window_end);

// The explanation: `pattern` (what was seen, with numbers) followed by kSignalNotProof.
std::string Explain(const std::string& pattern);

}  // namespace kpiwatch::gaming
