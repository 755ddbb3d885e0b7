#include "detectors/shift/cusum_detector.h"

#include "detectors/core/finding_text.h"
#include "detectors/shift/shift_finding.h"

namespace kpiwatch::shift {

std::vector<ParamSpec> CusumParams() {
  return {
      // Default 0.5: tuned to shifts of about 1 robust sd (2k).
      {.name = "k", .type = ParamType::kDouble, .default_value = "0.5", .min = 0.0, .max = 10.0,
       .description = "reference value (allowance), in robust standard deviations"},
      // Default 5: in-control average run length about 469 rows (Siegmund) with k = 0.5.
      {.name = "h", .type = ParamType::kDouble, .default_value = "5", .min = 0.1, .max = 100.0,
       .description = "decision interval, in robust standard deviations"},
      // Default 24: two years of monthly data for the median/MAD baseline.
      {.name = "baseline", .type = ParamType::kInt, .default_value = "24", .min = 3, .max = 100000,
       .description = "rows forming each (re)started baseline"},
  };
}

CusumOptions CusumOptionsFrom(const ParamValues& params) {
  return {params.Double("k"), params.Double("h"), static_cast<std::size_t>(params.Int("baseline"))};
}

Finding CusumFinding(const DetectorInput& input, const CusumOptions& options, const CusumAlarm& alarm) {
  Finding finding = NewFinding("cusum", "cusum_alarm", input, alarm.start_row, alarm.start_row,
                               alarm.alarm_row);
  finding.direction = alarm.direction;
  finding.effect_sd = alarm.shift_sd;
  finding.effect = alarm.shift_sd * alarm.scale;
  finding.statistic_name = "cusum";
  finding.statistic = alarm.statistic;
  double rows = static_cast<double>(alarm.alarm_row + 1 - alarm.start_row);
  finding.evidence = {{"baseline_median", alarm.center},
                      {"sd_robust", alarm.scale},
                      {"estimated_mean_after", alarm.center + finding.effect},
                      {"rows_since_start", rows},
                      {"k", options.k},
                      {"h", options.h}};
  std::string alarm_period = input.series.Label(alarm.alarm_row);
  finding.explanation = ExplainSignal(
      "Since " + finding.period + ", " + finding.indicator + " has been running " +
      (alarm.direction == ChangeDirection::kUp ? "above" : "below") + " its baseline level of " +
      NumberText(alarm.center) + " (robust sd " + NumberText(alarm.scale) + "): over " +
      NumberText(rows) + " periods the cumulative deviation reached " + NumberText(alarm.statistic) +
      " sd at " + alarm_period + ", beyond the alarm limit of " + NumberText(options.h) +
      ". The estimated level since then is " + NumberText(alarm.center + finding.effect) + " (" +
      (finding.effect >= 0 ? "+" : "") + NumberText(alarm.shift_sd, 2) + " sd).");
  finding.questions = {kDefinitionQuestion, kExternalQuestion, kRegistrationQuestion};
  return finding;
}

Result<DetectorOutcome> RunCusumDetector(const DetectorInput& input, const ParamValues& params) {
  CusumOptions options = CusumOptionsFrom(params);
  if (auto refusal = CheckSeries(input.series, options.baseline + 1, "cusum")) return *refusal;
  DetectorOutcome outcome;
  for (const CusumAlarm& alarm : RunCusum(input.series.values, options)) {
    outcome.findings.push_back(CusumFinding(input, options, alarm));
  }
  return outcome;
}

}  // namespace kpiwatch::shift
