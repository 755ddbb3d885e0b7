// The benchmarks' synthetic load: 100 monthly count indicators x 1000 units = 100,000
// series; row r is series r % 100,000 at period 2020-01 + r / 100,000, so any prefix of
// the rows spreads evenly over the series and never writes a key twice.
#pragma once

#include <string>

#include "detectors/core/period.h"

namespace kpiwatch::testing {

inline constexpr int kSyntheticUnits = 1000;
inline constexpr int kSyntheticIndicators = 100;
inline constexpr long kSyntheticSeries = static_cast<long>(kSyntheticUnits) * kSyntheticIndicators;

std::string SyntheticIndicatorId(int indicator);  // "bench.indicator_<i>"
std::string SyntheticUnitId(int unit);            // "unit<u>"
// The catalogue YAML declaring every synthetic indicator.
std::string SyntheticCatalogue();

struct SyntheticRow {
  int indicator, unit;
  Period period;
  double value;  // one decimal
};
SyntheticRow SyntheticRowAt(long row);

// Rows [first, end) as an ingest CSV body with header ("indicator,unit,period,value").
std::string SyntheticCsv(long first, long end);

}  // namespace kpiwatch::testing
