#include "tests/support/series_builder.h"

namespace kpiwatch::testing {

Period P(const std::string& text) { return Period::Parse(text).value(); }

Series ConsecutiveSeries(const std::string& indicator, const std::string& unit, const std::string& first,
                         const std::vector<double>& values) {
  Series series;
  series.indicator = indicator;
  series.unit = unit;
  series.values = values;
  Period period = P(first);
  for (std::size_t i = 0; i < values.size(); ++i) series.periods.push_back(period.Next(static_cast<std::int64_t>(i)));
  return series;
}

}  // namespace kpiwatch::testing
