#include "detectors/shift/outlier_detector.h"

#include <algorithm>

#include "detectors/core/finding_text.h"
#include "detectors/shift/outlier.h"
#include "detectors/shift/shift_finding.h"

namespace kpiwatch::shift {

std::vector<ParamSpec> OutlierParams() {
  return {
      // Default 12: monthly KPIs; use 4 for quarterly and 0 for none.
      {.name = "season", .type = ParamType::kInt, .default_value = "12", .min = 0, .max = 366,
       .description = "season length in periods (12 monthly, 4 quarterly, 0 none)"},
      // Default 0.01: the running-median residuals are not quite i.i.d., so the chance of
      // any false outlier is about 2-3x alpha (measured: 2.7% on 500 white-noise rows).
      {.name = "alpha", .type = ParamType::kDouble, .default_value = "0.01", .min = 1e-6, .max = 0.5,
       .description = "significance level of the generalized ESD test"},
      // Default 10: at most 10 outliers tested.
      {.name = "max_outliers", .type = ParamType::kInt, .default_value = "10", .min = 1, .max = 10000,
       .description = "largest number of outliers the ESD test looks for"},
  };
}

Result<DetectorOutcome> RunOutlierDetector(const DetectorInput& input, const ParamValues& params) {
  OutlierOptions options;
  options.season = static_cast<std::size_t>(params.Int("season"));
  options.alpha = params.Double("alpha");
  options.max_outliers = static_cast<std::size_t>(params.Int("max_outliers"));
  std::size_t min_rows = std::max<std::size_t>(8, 2 * options.season);
  if (auto refusal = CheckSeries(input.series, min_rows, "outlier")) return *refusal;
  DetectorOutcome outcome;
  for (const Outlier& outlier : FindOutliers(input.series.values, options)) {
    Finding finding = NewFinding("outlier", "outlier", input, outlier.row, outlier.row, outlier.row);
    finding.direction = outlier.residual > 0 ? ChangeDirection::kUp : ChangeDirection::kDown;
    finding.effect = outlier.residual;
    finding.effect_sd = outlier.robust_z;
    finding.statistic_name = "esd_r";
    finding.statistic = outlier.esd_statistic;
    finding.p_value = outlier.p_value;
    double value = input.series.values[outlier.row];
    finding.evidence = {{"value", value},
                        {"expected", outlier.expected},
                        {"residual", outlier.residual},
                        {"robust_z", outlier.robust_z},
                        {"esd_critical", outlier.esd_critical}};
    finding.explanation = ExplainSignal(
        "The value of " + finding.indicator + " in " + finding.period + " (" + NumberText(value) +
        ") stands out: after removing the usual seasonal pattern and the local level, about " +
        NumberText(outlier.expected) + " was expected; the deviation of " +
        NumberText(outlier.residual) + " is " + NumberText(outlier.robust_z, 2) +
        " robust standard deviations (generalized ESD R = " + NumberText(outlier.esd_statistic) +
        " > critical " + NumberText(outlier.esd_critical) + ", " + PValueText(outlier.p_value) + ").");
    finding.questions = {"Is this value a data error (typo, double count, a late batch)?",
                         "Was something recorded in this period that belongs to another one?",
                         kDefinitionQuestion};
    outcome.findings.push_back(std::move(finding));
  }
  std::sort(outcome.findings.begin(), outcome.findings.end(),
            [](const Finding& a, const Finding& b) { return a.index < b.index; });
  return outcome;
}

}  // namespace kpiwatch::shift
