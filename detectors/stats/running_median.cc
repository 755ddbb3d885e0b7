#include "detectors/stats/running_median.h"

#include <algorithm>

namespace kpiwatch::stats {
namespace {

// How many of the n sorted window values are below v (with_equal: or equal to it), by
// counting, not by binary search: on a window of a few dozen values a count is a handful of
// vector compares, where each step of a search is a branch that noise makes unpredictable.
std::size_t CountBelow(const double* window, std::size_t n, double v, bool with_equal) {
  // (Counted in a double: GCC does not vectorise an integer count of double compares.)
  double count = 0.0;
  if (with_equal) {
#pragma omp simd reduction(+ : count)
    for (std::size_t k = 0; k < n; ++k) count += window[k] <= v ? 1.0 : 0.0;
  } else {
#pragma omp simd reduction(+ : count)
    for (std::size_t k = 0; k < n; ++k) count += window[k] < v ? 1.0 : 0.0;
  }
  return static_cast<std::size_t>(count);
}

// Replaces one occurrence of `leaving` in the sorted window by `entering`, keeping it sorted.
void ReplaceSorted(std::vector<double>& window, double leaving, double entering) {
  double* w = window.data();
  const std::size_t n = window.size();
  const std::size_t from = CountBelow(w, n, leaving, false);  // the first of leaving's equals
  const std::size_t at_or_below = CountBelow(w, n, entering, true);
  if (leaving <= entering) {
    // leaving is among the at_or_below values: the ones between slide down one place.
    const std::size_t to = at_or_below - 1;
    std::copy(w + from + 1, w + to + 1, w + from);
    w[to] = entering;
  } else {
    const std::size_t to = at_or_below;  // < from: the ones between slide up one place
    std::copy_backward(w + to, w + from, w + from + 1);
    w[to] = entering;
  }
}

}  // namespace

std::vector<double> CentredRunningMedian(std::span<const double> x, std::size_t half_width) {
  std::vector<double> out(x.size());
  std::vector<double> window;
  window.reserve(2 * half_width + 1);
  std::size_t window_begin = 0, window_end = 0;
  for (std::size_t t = 0; t < x.size(); ++t) {
    std::size_t begin = t > half_width ? t - half_width : 0;
    std::size_t end = std::min(x.size(), t + half_width + 1);
    for (; window_end < end && window_begin < begin; ++window_end, ++window_begin) {
      ReplaceSorted(window, x[window_begin], x[window_end]);
    }
    for (; window_end < end; ++window_end) {
      window.insert(std::upper_bound(window.begin(), window.end(), x[window_end]), x[window_end]);
    }
    for (; window_begin < begin; ++window_begin) {
      window.erase(std::lower_bound(window.begin(), window.end(), x[window_begin]));
    }
    std::size_t lower = (window.size() - 1) / 2;
    out[t] = window.size() % 2 == 1 ? window[lower]
                                    : window[lower] + 0.5 * (window[lower + 1] - window[lower]);
  }
  return out;
}

}  // namespace kpiwatch::stats
