#include "detectors/trust/scale_change.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <span>
#include <string>

#include "detectors/core/finding_text.h"
#include "detectors/stats/robust.h"

namespace kpiwatch::trust {
namespace {

// The power m in {-3..3} \ {0} with ratio within a factor (1 + tolerance) of 10^m.
std::optional<int> NearPowerOfTen(double ratio, double tolerance) {
  if (!(ratio > 0.0) || !std::isfinite(ratio)) return std::nullopt;
  const int power = static_cast<int>(std::lround(std::log10(ratio)));
  if (power == 0 || std::abs(power) > 3) return std::nullopt;
  const double off = ratio / std::pow(10.0, power);
  if (off > 1.0 + tolerance || off < 1.0 / (1.0 + tolerance)) return std::nullopt;
  return power;
}

bool AllWithin(std::span<const double> values, double low, double high) {
  return std::all_of(values.begin(), values.end(), [&](double v) { return v >= low && v <= high; });
}

bool IsFractionPercentSwitch(const DetectorInput& input, std::span<const double> before,
                             std::span<const double> after, int power) {
  const UnitKind kind = input.indicator.unit_kind;
  if ((kind != UnitKind::kPercent && kind != UnitKind::kRatio) || std::abs(power) != 2) return false;
  auto some_above_one = [](std::span<const double> v) {
    return std::any_of(v.begin(), v.end(), [](double x) { return x > 1.0; });
  };
  return power > 0 ? AllWithin(before, 0.0, 1.0) && some_above_one(after)
                   : AllWithin(after, 0.0, 1.0) && some_above_one(before);
}

Finding ScaleFinding(const DetectorInput& input, std::size_t row, std::size_t window, int power, double level_before,
                     double level_after, double step, bool fraction_percent) {
  const std::size_t last = std::min(input.series.size() - 1, row + window - 1);
  Finding finding = NewFinding("scale_change", fraction_percent ? "fraction_percent_switch" : "scale_jump",
                               input, row, row - window, last);
  const double factor = std::pow(10.0, power);
  finding.direction = power > 0 ? ChangeDirection::kUp : ChangeDirection::kDown;
  finding.effect = level_after - level_before;
  finding.statistic_name = "level_ratio";
  finding.statistic = level_after / level_before;
  finding.evidence = {{"factor", factor},
                      {"level_ratio", level_after / level_before},
                      {"step_ratio", step},
                      {"level_before", level_before},
                      {"level_after", level_after}};
  const std::string what = fraction_percent
                               ? std::string("a switch between fractions (0-1) and percentages (0-100)")
                               : "a change of unit (e.g. thousands vs units) or of definition";
  finding.explanation = ExplainSignal(
      "From " + finding.period + " the level moves from about " + NumberText(level_before) + " to about " +
      NumberText(level_after) + ", a factor of " + NumberText(level_after / level_before) +
      ", close to " + (power > 0 ? "" : "1/") + NumberText(std::pow(10.0, std::abs(power))) +
      ". Jumps by a power of ten usually mean " + what + " rather than a real change.");
  finding.questions = {"Did the unit, the scale or the definition of the delivered number change at " +
                           finding.period + "?",
                       "Should the values before or after be converted to make the series comparable?"};
  return finding;
}

}  // namespace

std::vector<ParamSpec> ScaleChangeParams() {
  return {
      {"window", ParamType::kInt, "3", 1, 1000, {}, "values on each side whose medians are compared"},
      {"tolerance", ParamType::kDouble, "0.25", 0.01, 1, {},
       "how far from an exact power of ten a ratio may be, as a factor 1 + tolerance"},
  };
}

Result<DetectorOutcome> DetectScaleChange(const DetectorInput& input, const ParamValues& params) {
  const auto window = static_cast<std::size_t>(params.Int("window"));
  const double tolerance = params.Double("tolerance");
  const std::vector<double>& values = input.series.values;
  if (values.size() < 2 * window) {
    return DetectorOutcome::InsufficientData(std::to_string(values.size()) + " values; scale_change needs at least " +
                                             std::to_string(2 * window));
  }
  DetectorOutcome outcome;
  for (std::size_t t = window; t + window <= values.size(); ++t) {
    std::optional<int> power = NearPowerOfTen(values[t] / values[t - 1], tolerance);
    if (!power) continue;
    std::span<const double> before(values.data() + t - window, window);
    std::span<const double> after(values.data() + t, window);
    const double level_before = stats::Median(before);
    const double level_after = stats::Median(after);
    if (!(level_before > 0.0) || NearPowerOfTen(level_after / level_before, tolerance) != power) continue;
    outcome.findings.push_back(ScaleFinding(input, t, window, *power, level_before, level_after,
                                            values[t] / values[t - 1],
                                            IsFractionPercentSwitch(input, before, after, *power)));
  }
  return outcome;
}

}  // namespace kpiwatch::trust
