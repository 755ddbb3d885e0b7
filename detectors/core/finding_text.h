// Building findings: location, number formatting and the wording every explanation
// shares ("a signal, not proof").
#pragma once

#include <cstddef>
#include <string>

#include "detectors/core/finding.h"
#include "detectors/core/series.h"

namespace kpiwatch {

// The closing sentence of every explanation.
inline constexpr const char* kSignalNotProof =
    "This is a signal, not proof: it is a reason to ask how the number came about before "
    "steering on it.";

// A number for an explanation with `digits` significant digits ("0.0123", "1.5e+06").
std::string NumberText(double value, int digits = 3);
// "p = 0.012" or "p < 0.0001".
std::string PValueText(double p);
// A share as a percentage: 0.1234 -> "12.3%".
std::string PercentText(double share);

// A finding of `detector`/`kind` about the input's series at row `index`, concerning
// rows [window_begin, window_end]; period labels are filled from the series (rows past
// its end get no label).
Finding NewFinding(const std::string& detector, const std::string& kind, const DetectorInput& input,
                   std::size_t index, std::size_t window_begin, std::size_t window_end);

// `pattern` (what was seen, with the numbers) followed by kSignalNotProof.
std::string ExplainSignal(const std::string& pattern);

}  // namespace kpiwatch
