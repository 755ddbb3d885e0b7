// The rows of a round grouped by indicator, so each target reads only its own rows.
#pragma once

#include <map>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "rules/evaluation/detector_input.h"

namespace kpiwatch {

// A copy of the round's observations and samples, stably sorted by indicator (order within
// an indicator kept, so "the later row wins" holds as in the original spans).
class IndicatorRows {
 public:
  explicit IndicatorRows(const DetectorData& data);

  // `data` narrowed to the rows of `indicator` when none of its related series can be
  // needed (no counter-indicator, outcome, proxy, numerator or denominator either way);
  // else `data` itself. BuildDetectorInput gives the same input for both.
  DetectorData For(const DetectorData& data, const std::string& indicator) const;

 private:
  std::vector<Observation> observations_;
  std::vector<Sample> samples_;
  std::map<std::string, std::span<const Observation>> observations_of_;
  std::map<std::string, std::span<const Sample>> samples_of_;
  std::set<std::string> related_;  // indicators that have (or are) a related indicator
};

}  // namespace kpiwatch
