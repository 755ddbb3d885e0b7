// Observation: one reported value of one indicator for one unit and period.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "detectors/core/period.h"

namespace kpiwatch {

struct Observation {
  std::string indicator;
  std::string unit;               // unit of observation: team, municipality, region
  Period period;
  double value = 0.0;
  std::optional<double> n;        // denominator / number of cases behind a rate
  std::chrono::sys_seconds reported_at{};  // set by the daemon on ingest
  std::string source;             // e.g. "http", "spool:file.csv"
};

// A parsed batch: observations with the 1-based input line each came from
// (CSV/NDJSON line; JSON array: line of the element's opening brace).
struct ObservationBatch {
  std::vector<Observation> rows;
  std::vector<int> lines;  // same length as rows
};

}  // namespace kpiwatch
