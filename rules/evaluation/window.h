// The rule window: a detector input cut to the last N points of the series under test.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "detectors/core/registry.h"
#include "rules/evaluation/detector_input.h"

namespace kpiwatch {

struct WindowedInput {
  DetectorInput input;
  std::size_t points = 0;             // points of the series (cross-section: periods) kept
  std::optional<Period> last_period;  // the latest period of the evaluated series
};

// BuildDetectorInput, then, when `window_periods` is set and the series is longer, keeps
// the period range from the first to the last of the series' last window_periods points
// (cross-section: the last window_periods periods any unit has). Peers, related series,
// samples and revisions keep what overlaps that range (by calendar days, so a related
// series of another cadence is cut to the same time span); peers and related series left
// empty are dropped (a cut gives the input its own peer list). Errors as BuildDetectorInput.
Result<WindowedInput> BuildWindowedInput(const SeriesIndex& index, const std::string& indicator,
                                         const std::string& unit, const DetectorInfo& detector,
                                         std::optional<int> window_periods);

}  // namespace kpiwatch
