// Centred running median, for removing a local level (the outlier detector's residuals).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace kpiwatch::stats {

// out[t] = Median(x[max(0, t - half_width), min(n, t + half_width + 1))), the same value as
// stats::Median of each window (the mean of the two middle values for an even window, as
// the windows at the ends are shorter). The window is kept sorted and updated by one
// replacement per row instead of a selection per row. Values must not be NaN.
std::vector<double> CentredRunningMedian(std::span<const double> x, std::size_t half_width);

}  // namespace kpiwatch::stats
