// Observation: one reported value of one indicator for one unit and period.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
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

// The series (indicator, unit) and, for an ObservationKey, the period of an observation as
// views into it: hashable keys for the per-batch duplicate checks (validation, ingest)
// without copying strings. Valid while the observation lives.
struct SeriesKey {
  std::string_view indicator;
  std::string_view unit;
  explicit SeriesKey(const Observation& row) : indicator(row.indicator), unit(row.unit) {}
  bool operator==(const SeriesKey&) const = default;
};

struct ObservationKey {
  SeriesKey series;
  Period period;
  explicit ObservationKey(const Observation& row) : series(row), period(row.period) {}
  bool operator==(const ObservationKey&) const = default;
};

struct ObservationKeyHash {
  std::size_t operator()(const SeriesKey& key) const {
    return std::hash<std::string_view>()(key.indicator) * 31 + std::hash<std::string_view>()(key.unit);
  }
  std::size_t operator()(const ObservationKey& key) const {
    return (*this)(key.series) * 31 +
           std::hash<std::int64_t>()(key.period.ordinal() * 8 + static_cast<int>(key.period.cadence()));
  }
};

}  // namespace kpiwatch
