#include "detectors/core/known_breaks.h"

#include <algorithm>

namespace kpiwatch {

std::vector<std::size_t> DefinitionChangeRows(const IndicatorInfo& indicator, const Series& series) {
  std::vector<std::size_t> rows;
  if (!series.has_periods()) return rows;
  for (const Period& change : indicator.definition_changes) {
    if (change.cadence() != series.periods.front().cadence()) continue;
    auto first = std::lower_bound(series.periods.begin(), series.periods.end(), change);
    if (first == series.periods.begin() || first == series.periods.end()) continue;
    rows.push_back(static_cast<std::size_t>(first - series.periods.begin()));
  }
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  return rows;
}

}  // namespace kpiwatch
