#include "detectors/trust/definition_change.h"

#include <algorithm>
#include <cmath>
#include <span>
#include <string>

#include "detectors/core/finding_text.h"
#include "detectors/core/known_breaks.h"
#include "detectors/stats/robust.h"
#include "detectors/stats/welch.h"

namespace kpiwatch::trust {
namespace {

// Finite values of rows [begin, end).
std::vector<double> FiniteValues(const Series& series, std::size_t begin, std::size_t end) {
  std::vector<double> values;
  for (std::size_t i = begin; i < end; ++i) {
    if (std::isfinite(series.values[i])) values.push_back(series.values[i]);
  }
  return values;
}

Finding BoundaryFinding(const DetectorInput& input, std::size_t row, std::size_t window) {
  const Series& series = input.series;
  const std::size_t begin = row >= window ? row - window : 0;
  const std::size_t end = std::min(series.size(), row + window);
  std::vector<double> before = FiniteValues(series, begin, row);
  std::vector<double> after = FiniteValues(series, row, end);
  const stats::WelchTest test = stats::RunWelchTest(before, after);
  const double mean_before = stats::Mean(before);
  const double mean_after = stats::Mean(after);
  const double pooled_sd = std::sqrt(0.5 * (stats::Variance(before) + stats::Variance(after)));

  Finding finding = NewFinding("definition_change", "definition_change", input, row, begin, end - 1);
  finding.effect = mean_after - mean_before;
  finding.effect_sd = pooled_sd > 0.0 ? finding.effect / pooled_sd : NAN;
  finding.direction = finding.effect > 0 ? ChangeDirection::kUp
                      : finding.effect < 0 ? ChangeDirection::kDown
                                           : ChangeDirection::kNone;
  finding.statistic_name = "welch_t";
  finding.statistic = test.t;
  if (before.size() >= 2 && after.size() >= 2) finding.p_value = test.p_value;
  finding.evidence = {{"mean_before", mean_before},
                      {"mean_after", mean_after},
                      {"values_before", static_cast<double>(before.size())},
                      {"values_after", static_cast<double>(after.size())},
                      {"welch_t", test.t},
                      {"welch_df", test.degrees_of_freedom}};
  std::string level = before.size() >= 2 && after.size() >= 2
                          ? " Around the boundary the mean moves from " + NumberText(mean_before) + " (" +
                                std::to_string(before.size()) + " values) to " + NumberText(mean_after) + " (" +
                                std::to_string(after.size()) + " values; Welch t = " + NumberText(test.t) + ", " +
                                PValueText(test.p_value) + ")."
                          : "";
  finding.explanation = ExplainSignal(
      "A new definition of this indicator applies from " + finding.period + "." + level +
      " Values before and after may measure different things, so it is not certain that the series is "
      "still comparable across " + finding.period + "; other detectors treat it as a known break.");
  finding.questions = {"What changed in the definition at " + finding.period + ", and does it change the level?",
                       "Are values before " + finding.period + " comparable, or should they be restated "
                       "under the new definition?",
                       "Are targets and trend statements that span the change still meaningful?"};
  return finding;
}

}  // namespace

std::vector<ParamSpec> DefinitionChangeParams() {
  return {
      {"window", ParamType::kInt, "12", 2, 1e6, {},
       "values on each side of the boundary compared as evidence"},
  };
}

Result<DetectorOutcome> DetectDefinitionChange(const DetectorInput& input, const ParamValues& params) {
  if (input.indicator.definition_changes.empty()) {
    return DetectorOutcome::NotApplicable("no definition change is declared for this indicator");
  }
  if (!input.series.has_periods()) return DetectorOutcome::NotApplicable("definition_change needs periods");
  DetectorOutcome outcome;
  const auto window = static_cast<std::size_t>(params.Int("window"));
  for (std::size_t row : DefinitionChangeRows(input.indicator, input.series)) {
    outcome.findings.push_back(BoundaryFinding(input, row, window));
  }
  return outcome;
}

}  // namespace kpiwatch::trust
