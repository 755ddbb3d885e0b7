#include "detectors/core/finding_text.h"

#include <cstdio>

namespace kpiwatch {

std::string NumberText(double value, int digits) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
  return buffer;
}

std::string PValueText(double p) {
  if (p < 1e-4) return "p < 0.0001";
  return "p = " + NumberText(p, 2);
}

std::string PercentText(double share) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.1f%%", 100.0 * share);
  return buffer;
}

Finding NewFinding(const std::string& detector, const std::string& kind, const DetectorInput& input,
                   std::size_t index, std::size_t window_begin, std::size_t window_end) {
  Finding finding;
  finding.detector = detector;
  finding.kind = kind;
  finding.indicator = input.indicator.id.empty() ? input.series.indicator : input.indicator.id;
  finding.unit = input.series.unit;
  finding.index = index;
  finding.window_begin = window_begin;
  finding.window_end = window_end;
  const std::size_t n = input.series.size();
  if (index < n) finding.period = input.series.Label(index);
  if (window_begin < n) finding.window_begin_period = input.series.Label(window_begin);
  if (window_end < n) finding.window_end_period = input.series.Label(window_end);
  return finding;
}

std::string ExplainSignal(const std::string& pattern) { return pattern + " " + kSignalNotProof; }

}  // namespace kpiwatch
