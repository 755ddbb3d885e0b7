#include "detectors/gaming/finding_text.h"

#include <cmath>
#include <cstdio>

namespace kpiwatch::gaming {

std::string Num(double value, int digits) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
  return buffer;
}

std::string PValueText(double p) {
  if (p < 1e-4) return "p < 0.0001";
  return "p = " + Num(p, 2);
}

std::string Percent(double share) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.1f%%", 100.0 * share);
  return buffer;
}

Finding NewFinding(const char* detector, const char* kind, const DetectorInput& input,
                   std::size_t index, std::size_t window_begin, std::size_t window_end) {
  Finding finding;
  finding.detector = detector;
  finding.kind = kind;
  finding.indicator = input.indicator.id.empty() ? input.series.indicator : input.indicator.id;
  finding.unit = input.series.unit;
  finding.index = index;
  finding.window_begin = window_begin;
  finding.window_end = window_end;
  if (index < input.series.size()) finding.period = input.series.Label(index);
  if (window_end < input.series.size()) {
    finding.window_begin_period = input.series.Label(window_begin);
    finding.window_end_period = input.series.Label(window_end);
  }
  return finding;
}

std::string Explain(const std::string& pattern) { return pattern + " " + kSignalNotProof; }

}  // namespace kpiwatch::gaming
