// Building Series with consecutive periods for detector tests.
#pragma once

#include <string>
#include <vector>

#include "detectors/core/series.h"

namespace kpiwatch::testing {

// A series of `values` for consecutive periods starting at `first` (e.g. "2020-01").
// Precondition: `first` parses.
Series ConsecutiveSeries(const std::string& indicator, const std::string& unit, const std::string& first,
                         const std::vector<double>& values);

// The period `text`. Precondition: it parses.
Period P(const std::string& text);

}  // namespace kpiwatch::testing
