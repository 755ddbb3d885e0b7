// Sample: one event-level value behind an indicator, e.g. the days one benefit
// application waited for a decision, or the amount of one recovered fraud claim.
//
// Samples are optional. Detectors that look at the distribution of single events
// (threshold bunching at a time target, Benford and last-digit tests on amounts) read
// them through DetectorInput::samples. Samples carry no personal identifiers.
#pragma once

#include <string>

#include "detectors/core/period.h"

namespace kpiwatch {

struct Sample {
  std::string indicator;
  std::string unit;  // unit of observation: team, municipality, region
  Period period;     // the reporting period the event belongs to
  double value = 0.0;
};

}  // namespace kpiwatch
