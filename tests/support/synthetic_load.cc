#include "tests/support/synthetic_load.h"

#include <cstdio>

namespace kpiwatch::testing {

std::string SyntheticIndicatorId(int indicator) { return "bench.indicator_" + std::to_string(indicator); }
std::string SyntheticUnitId(int unit) { return "unit" + std::to_string(unit); }

std::string SyntheticCatalogue() {
  std::string yaml = "indicators:\n";
  for (int i = 0; i < kSyntheticIndicators; ++i) {
    yaml += "  - id: " + SyntheticIndicatorId(i) +
            "\n    name: Bench indicator\n    definition: Synthetic load.\n    unit: count\n"
            "    direction: higher_is_better\n    cadence: month\n";
  }
  return yaml;
}

SyntheticRow SyntheticRowAt(long row) {
  long series = row % kSyntheticSeries;
  return {static_cast<int>(series / kSyntheticUnits), static_cast<int>(series % kSyntheticUnits),
          Period::Parse("2020-01")->Next(row / kSyntheticSeries), static_cast<double>((row * 7919) % 1000) / 10.0};
}

std::string SyntheticCsv(long first, long end) {
  std::string body = "indicator,unit,period,value\n";
  for (long r = first; r < end; ++r) {
    SyntheticRow row = SyntheticRowAt(r);
    char value[32];
    std::snprintf(value, sizeof value, "%.1f", row.value);
    body += SyntheticIndicatorId(row.indicator) + "," + SyntheticUnitId(row.unit) + "," + row.period.ToString() + "," +
            value + "\n";
  }
  return body;
}

}  // namespace kpiwatch::testing
