// Finding: what a detector reports, in numbers and in words for a controller.
//
// A finding is a reason to ask, not a verdict: its explanation says what pattern was
// seen, with the numbers, and its questions are those a controller should answer
// before the number is used for steering.
#pragma once

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace kpiwatch {

enum class ChangeDirection { kNone, kUp, kDown };
// "none", "up", "down".
const char* ChangeDirectionName(ChangeDirection direction);

// A named number behind a finding, e.g. {"mean_before", 41.2}.
struct Evidence {
  std::string name;
  double value = 0.0;
};

struct Finding {
  std::string detector;     // registry name, e.g. "pelt"
  std::string kind;         // what was found, e.g. "change_point", "outlier", "bunching"
  std::string indicator;
  std::string unit;
  // Location: the row of the change or anomaly (for a change point, the first row of the
  // new segment) and its period label; the window [window_begin, window_end] (inclusive
  // rows) the finding concerns. For a cross-section finding, index is the period row.
  std::size_t index = 0;
  std::string period;
  std::size_t window_begin = 0;
  std::size_t window_end = 0;
  std::string window_begin_period;
  std::string window_end_period;

  ChangeDirection direction = ChangeDirection::kNone;
  // Effect size in the series' units and in robust standard deviations (NaN if none).
  double effect = std::numeric_limits<double>::quiet_NaN();
  double effect_sd = std::numeric_limits<double>::quiet_NaN();
  std::string statistic_name;  // e.g. "cost_reduction", "z", "chi_square"
  double statistic = std::numeric_limits<double>::quiet_NaN();
  std::optional<double> p_value;      // where the method has one
  std::optional<double> probability;  // posterior probability (Bayesian methods)
  std::vector<Evidence> evidence;     // the numbers behind it
  std::string explanation;            // plain language, with the numbers
  std::vector<std::string> questions; // for the controller

  // Value of the named evidence, or NaN.
  double EvidenceValue(const std::string& name) const;
};

// Why a detector produced no verdict, as opposed to "looked and found nothing".
enum class Applicability { kApplicable, kNotApplicable, kInsufficientData };
// "applicable", "not_applicable", "insufficient_data".
const char* ApplicabilityName(Applicability applicability);

// Everything one detector run returns.
struct DetectorOutcome {
  Applicability applicability = Applicability::kApplicable;
  std::string reason;             // set when not applicable / insufficient data
  std::vector<Finding> findings;  // empty when nothing was found

  static DetectorOutcome NotApplicable(std::string why) {
    return {Applicability::kNotApplicable, std::move(why), {}};
  }
  static DetectorOutcome InsufficientData(std::string why) {
    return {Applicability::kInsufficientData, std::move(why), {}};
  }
};

}  // namespace kpiwatch
