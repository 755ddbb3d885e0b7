#include "detectors/shift/bocpd_detector.h"

#include <cmath>

#include "detectors/core/finding_text.h"
#include "detectors/shift/bocpd.h"
#include "detectors/shift/shift_finding.h"
#include "detectors/stats/noise_scale.h"
#include "detectors/stats/robust.h"

namespace kpiwatch::shift {

std::vector<ParamSpec> BocpdParams() {
  return {
      // Default 100: a change every 100 periods a priori.
      {.name = "hazard_lambda", .type = ParamType::kDouble, .default_value = "100", .min = 2.0,
       .max = 1e9, .description = "expected segment length a priori, in periods (hazard 1/lambda)"},
      // Default 0.8: keeps false findings on 500 stationary rows near 2% (white noise) and
      // 6% (AR(1), phi 0.5) in tests/accuracy/shift_accuracy_test.
      {.name = "threshold", .type = ParamType::kDouble, .default_value = "0.8", .min = 0.01,
       .max = 1.0, .description = "posterior probability of a change needed to report it"},
      // Default 5: judge a change on the 5 periods after it.
      {.name = "lag", .type = ParamType::kInt, .default_value = "5", .min = 1, .max = 1000,
       .description = "periods after a candidate change used to judge it"},
      // Default 64: bounded time and memory per period.
      {.name = "max_hypotheses", .type = ParamType::kInt, .default_value = "64", .min = 8,
       .max = 100000, .description = "segment start rows kept by the filter (pruning)"},
      // Default true: AR(1) noise is common in monthly KPIs.
      {.name = "prewhiten", .type = ParamType::kBool, .default_value = "true",
       .description = "remove robust lag-1 autocorrelation before the filter"},
  };
}

Result<DetectorOutcome> RunBocpdDetector(const DetectorInput& input, const ParamValues& params) {
  if (auto refusal = CheckSeries(input.series, 8, "bocpd")) return *refusal;
  BocpdOptions options;
  options.hazard_lambda = params.Double("hazard_lambda");
  options.threshold = params.Double("threshold");
  options.lag = static_cast<std::size_t>(params.Int("lag"));
  options.max_hypotheses = static_cast<std::size_t>(params.Int("max_hypotheses"));
  options.prewhiten = params.Bool("prewhiten");
  const std::vector<double>& x = input.series.values;
  std::vector<BocpdChange> changes = RunBocpd(x, options);
  DetectorOutcome outcome;
  if (changes.empty()) return outcome;
  double robust_sd = stats::EstimateNoiseScale(x).sd;
  for (std::size_t i = 0; i < changes.size(); ++i) {
    std::size_t begin = i == 0 ? 0 : changes[i - 1].row;
    std::size_t change = changes[i].row;
    std::size_t end = i + 1 < changes.size() ? changes[i + 1].row : x.size();
    Finding finding = NewFinding("bocpd", "change_point", input, change, begin, end - 1);
    std::span<const double> all(x);
    double before = stats::Mean(all.subspan(begin, change - begin));
    double after = stats::Mean(all.subspan(change, end - change));
    finding.effect = after - before;
    finding.effect_sd = robust_sd > 0.0 ? finding.effect / robust_sd : std::nan("");
    finding.direction = after > before ? ChangeDirection::kUp : ChangeDirection::kDown;
    finding.statistic_name = "posterior_probability";
    finding.statistic = changes[i].probability;
    finding.probability = changes[i].probability;
    finding.evidence = {{"mean_before", before},
                        {"mean_after", after},
                        {"sd_robust", robust_sd},
                        {"rows_before", static_cast<double>(change - begin)},
                        {"rows_after", static_cast<double>(end - change)}};
    finding.explanation = ExplainSignal(
        "A new level of " + finding.indicator + " probably began at " + finding.period +
        " (posterior probability " + NumberText(changes[i].probability, 2) +
        " that a new segment started within two periods of it): the mean went from " +
        NumberText(before) + " to " + NumberText(after) + " (" + NumberText(finding.effect_sd, 2) +
        " robust standard deviations).");
    finding.questions = {kDefinitionQuestion, kExternalQuestion, kRegistrationQuestion};
    outcome.findings.push_back(std::move(finding));
  }
  return outcome;
}

}  // namespace kpiwatch::shift
