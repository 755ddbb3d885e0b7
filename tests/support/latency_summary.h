// Order statistics of measured durations, for the benchmarks' p50/p99/max lines.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace kpiwatch::testing {

struct LatencySummary {
  std::size_t count = 0;
  double p50 = 0, p99 = 0, max = 0;  // in the unit of the samples
};

// Nearest-rank percentiles (p99 of 300 samples is the 297th smallest); zeros when empty.
inline LatencySummary Summarize(std::vector<double> samples) {
  LatencySummary summary;
  summary.count = samples.size();
  if (samples.empty()) return summary;
  std::sort(samples.begin(), samples.end());
  auto rank = [&](double p) {
    std::size_t index = static_cast<std::size_t>(p * static_cast<double>(samples.size()) + 0.999999);
    return samples[std::clamp<std::size_t>(index, 1, samples.size()) - 1];
  };
  summary.p50 = rank(0.50);
  summary.p99 = rank(0.99);
  summary.max = samples.back();
  return summary;
}

}  // namespace kpiwatch::testing
