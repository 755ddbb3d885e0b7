#include "detectors/core/finding_text.h"

#include <charconv>
#include <string>

namespace kpiwatch {

std::string NumberText(double value, int digits) {
  // As printf's %.*g (the standard defines it so), without printf's multiple-precision
  // arithmetic: every finding's explanation formats a handful of numbers.
  char buffer[64];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, digits);
  return error == std::errc{} ? std::string(buffer, end) : std::string("?");
}

std::string PValueText(double p) {
  if (p < 1e-4) return "p < 0.0001";
  return "p = " + NumberText(p, 2);
}

std::string PercentText(double share) {
  char buffer[512];  // fixed notation: room for the digits of any double
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, 100.0 * share, std::chars_format::fixed, 1);
  return error == std::errc{} ? std::string(buffer, end) + "%" : std::string("?%");
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
