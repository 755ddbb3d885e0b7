// Two-sided tabular CUSUM (Page 1954) on standardised deviations from a robust baseline,
// runnable point by point with a serialisable state.
//
// The first `baseline` values give the baseline: centre = median, scale = MAD (x1.4826;
// if 0, the mean absolute deviation x1.2533; if that is 0 too, 1e-6 max(1, |centre|)).
// Each later value x gives z = (x - centre) / scale and
//   S+ = max(0, S+ + z - k),  S- = max(0, S- - z - k);
// an alarm is raised when S+ > h or S- > h. Null hypothesis: the values keep the
// baseline's level (independent noise). The estimated start of the shift is the row after
// the last time the alarming sum was zero. After an alarm the CUSUM restarts: the next
// `baseline` values form a new baseline. In-control average run length (two-sided, known
// baseline) by Siegmund's approximation: 1/ARL = 1/ARL+ + 1/ARL-, with one-sided
// ARL = (exp(2 k b) - 2 k b - 1) / (2 k^2), b = h + 1.166 (Siegmund 1985, "Sequential
// Analysis", p. 27); k = 0.5, h = 5 gives about 469 rows.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "detectors/core/finding.h"
#include "detectors/core/status.h"

namespace kpiwatch::shift {

struct CusumOptions {
  double k = 0.5;            // reference value (allowance), robust sds; detects ~2k shifts best
  double h = 5.0;            // decision interval, robust sds
  std::size_t baseline = 24; // rows that form each (re)started baseline; >= 3
};

// Everything the CUSUM remembers between two values.
struct CusumState {
  std::size_t rows = 0;                // values seen so far
  std::vector<double> baseline_values; // while collecting a baseline
  bool monitoring = false;             // baseline complete
  double center = 0.0;
  double scale = 1.0;
  double upper = 0.0;                  // S+
  double lower = 0.0;                  // S-
  std::size_t upper_start = 0;         // row after the last time S+ was 0
  std::size_t lower_start = 0;         // row after the last time S- was 0

  // Compact text: "cusum1 rows=.. mon=.. center=.. scale=.. upper=.. lower=.. us=.. ls=..
  // base=v1,v2,..", numbers in shortest round-trip form, so Parse(Serialize()) is exact.
  std::string Serialize() const;
  // Inverse of Serialize; InvalidArgument naming the bad field.
  static Result<CusumState> Parse(std::string_view text);
  bool operator==(const CusumState&) const = default;
};

struct CusumAlarm {
  std::size_t alarm_row = 0;     // row at which S crossed h
  std::size_t start_row = 0;     // estimated first row of the shift
  ChangeDirection direction = ChangeDirection::kNone;
  double statistic = 0.0;        // S at the alarm, robust sds
  double center = 0.0;           // baseline median
  double scale = 0.0;            // baseline robust sd
  // Estimated shift in robust sds: +-(k + S / rows since start) (Montgomery 2009, 9.1.4).
  double shift_sd = 0.0;
  bool operator==(const CusumAlarm&) const = default;
};

// Feeds one value (finite) to the CUSUM; returns the alarm it raises, if any.
std::optional<CusumAlarm> CusumStep(CusumState& state, const CusumOptions& options, double value);

// Runs a fresh CUSUM over all values (the batch form of CusumStep).
std::vector<CusumAlarm> RunCusum(std::span<const double> values, const CusumOptions& options);

// Siegmund's approximation of the two-sided in-control average run length (see above).
double SiegmundTwoSidedArl(double k, double h);

}  // namespace kpiwatch::shift
