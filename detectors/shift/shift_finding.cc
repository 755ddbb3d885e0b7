#include "detectors/shift/shift_finding.h"

#include <cmath>

namespace kpiwatch::shift {

std::optional<DetectorOutcome> CheckSeries(const Series& series, std::size_t min_rows,
                                           const std::string& detector) {
  for (std::size_t i = 0; i < series.size(); ++i) {
    if (!std::isfinite(series.values[i])) {
      return DetectorOutcome::NotApplicable(detector + " needs a complete series; the value of " +
                                            series.Label(i) + " (row " + std::to_string(i) +
                                            ") is missing or not a number");
    }
  }
  if (series.size() < min_rows) {
    return DetectorOutcome::InsufficientData(detector + " needs at least " + std::to_string(min_rows) +
                                             " values; the series has " +
                                             std::to_string(series.size()));
  }
  return std::nullopt;
}

}  // namespace kpiwatch::shift
