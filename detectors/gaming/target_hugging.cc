#include "detectors/gaming/target_hugging.h"

#include <algorithm>
#include <cmath>

#include "detectors/core/finding_text.h"
#include "detectors/gaming/inputs.h"
#include "detectors/stats/brown_forsythe.h"
#include "detectors/stats/distributions.h"
#include "detectors/stats/robust.h"

namespace kpiwatch::gaming {
namespace {

constexpr const char* kName = "target_hugging";
constexpr double kBandSd = 0.25;  // default band, in robust SDs

// First row where the target applies (0 when always).
std::size_t FirstTargetRow(const DetectorInput& input, const Threshold& threshold) {
  const auto& target = input.indicator.target;
  if (threshold.origin != "target" || !target || !target->valid_from || !input.series.has_periods()) {
    return 0;
  }
  const auto& periods = input.series.periods;
  return static_cast<std::size_t>(
      std::lower_bound(periods.begin(), periods.end(), *target->valid_from) - periods.begin());
}

struct BandTest {
  std::int64_t good = 0;
  std::int64_t bad = 0;
  double p_value = 1.0;
};

BandTest CountBands(const std::vector<double>& values, std::size_t from, const Threshold& threshold,
                    double band) {
  BandTest test;
  for (std::size_t i = from; i < values.size(); ++i) {
    double offset = threshold.good_above ? values[i] - threshold.value : threshold.value - values[i];
    if (offset >= 0.0 && offset < band) ++test.good;
    if (offset < 0.0 && offset >= -band) ++test.bad;
  }
  if (test.good + test.bad > 0) {  // mid-p: P(X > k) + P(X = k) / 2
    const std::int64_t n = test.good + test.bad;
    test.p_value = 0.5 * (stats::BinomialUpperTail(test.good, n, 0.5) + stats::BinomialUpperTail(test.good + 1, n, 0.5));
  }
  return test;
}

// One-sided Brown-Forsythe p for "smaller spread after", or nullopt when not applicable.
struct SpreadTest {
  stats::BrownForsytheResult result;
  double p_smaller_after = 1.0;
};
std::optional<SpreadTest> TestSpread(const std::vector<double>& values, std::size_t split,
                                     double target, std::size_t min_segment) {
  if (split < min_segment || values.size() - split < min_segment) return std::nullopt;
  std::vector<double> before, after;
  for (std::size_t i = 0; i < values.size(); ++i) (i < split ? before : after).push_back(values[i] - target);
  Result<stats::BrownForsytheResult> result = stats::BrownForsythe({before, after});
  if (!result.ok()) return std::nullopt;
  SpreadTest test{*result, 1.0};
  bool smaller = result->mean_absolute_deviation[1] < result->mean_absolute_deviation[0];
  test.p_smaller_after = smaller ? result->p_value / 2.0 : 1.0 - result->p_value / 2.0;
  return test;
}

}  // namespace

std::vector<ParamSpec> TargetHuggingParams() {
  return {
      {"threshold", ParamType::kChoiceOrNumber, "target", -1e300, 1e300, {"target"},
       "the target: 'target' (the indicator's target) or a number in the indicator's units"},
      {"good_side", ParamType::kChoice, "auto", 0, 0, {"auto", "above", "below"},
       "side of the target that meets it; auto follows the target's comparator or direction"},
      {"band", ParamType::kChoiceOrNumber, "auto", 0, 1e300, {"auto"},
       "width of the band on each side of the target, in the indicator's units; "
       "auto = 0.25 robust SD of the series"},
      {"min_points", ParamType::kInt, "12", 4, 1e9, {}, "fewest points where the target applies"},
      {"min_segment", ParamType::kInt, "8", 3, 1e9, {},
       "fewest points before and after the target's valid_from for the spread test"},
      {"alpha", ParamType::kDouble, "0.05", 1e-6, 0.5, {}, "significance level (after Bonferroni)"},
  };
}

Result<DetectorOutcome> DetectTargetHugging(const DetectorInput& input, const ParamValues& params) {
  std::optional<Threshold> threshold = ResolveThreshold(input.indicator, params);
  if (!threshold) {
    return DetectorOutcome::NotApplicable("no target: the indicator has no target and no 'threshold' parameter was given");
  }
  const std::vector<double>& values = input.series.values;
  const std::size_t from = FirstTargetRow(input, *threshold);
  if (values.size() - from < static_cast<std::size_t>(params.Int("min_points"))) {
    return DetectorOutcome::InsufficientData(std::to_string(values.size() - from) +
                                             " points where the target applies; at least " +
                                             std::to_string(params.Int("min_points")) + " are needed");
  }
  double scale = stats::Mad(values);
  if (!params.Number("band") && !(scale > 0.0)) {
    return DetectorOutcome::NotApplicable("the series has no spread (robust SD 0): give 'band'");
  }
  const double band = params.Number("band").value_or(kBandSd * scale);
  BandTest bands = CountBands(values, from, *threshold, band);
  std::optional<SpreadTest> spread =
      from > 0 ? TestSpread(values, from, threshold->value, static_cast<std::size_t>(params.Int("min_segment")))
               : std::nullopt;
  const double tests = spread ? 2.0 : 1.0;
  const double p_band = bands.p_value;
  const double p_spread = spread ? spread->p_smaller_after : 1.0;
  const double p = std::min(1.0, tests * std::min(p_band, p_spread));
  DetectorOutcome outcome;
  if (!(p <= params.Double("alpha"))) return outcome;  // NaN: no finding

  Finding finding = NewFinding(kName, "target_hugging", input, values.size() - 1, from, values.size() - 1);
  finding.direction = threshold->good_above ? ChangeDirection::kUp : ChangeDirection::kDown;
  const double in_band = static_cast<double>(bands.good + bands.bad);
  finding.effect = in_band > 0 ? static_cast<double>(bands.good) / in_band : 0.0;
  finding.statistic_name = p_band <= p_spread ? "band_count_good" : "brown_forsythe_f";
  finding.statistic = p_band <= p_spread ? static_cast<double>(bands.good) : spread->result.f;
  finding.p_value = p;
  finding.evidence = {{"target", threshold->value}, {"band", band},
                      {"in_band_good", static_cast<double>(bands.good)},
                      {"in_band_bad", static_cast<double>(bands.bad)},
                      {"share_good", finding.effect}, {"binomial_p", p_band}};
  std::string text = "Of the " + std::to_string(values.size() - from) + " points where the target " +
                     NumberText(threshold->value, 4) + " applies, " + std::to_string(bands.good) +
                     " lie within " + NumberText(band, 3) + " on its good side and only " +
                     std::to_string(bands.bad) + " within " + NumberText(band, 3) + " on its bad side (" +
                     "one-sided binomial mid-" + PValueText(p_band) + ").";
  if (spread) {
    const auto& deviation = spread->result.mean_absolute_deviation;
    finding.evidence.push_back({"spread_before", deviation[0]});
    finding.evidence.push_back({"spread_after", deviation[1]});
    finding.evidence.push_back({"spread_ratio", deviation[1] / deviation[0]});
    finding.evidence.push_back({"brown_forsythe_f", spread->result.f});
    finding.evidence.push_back({"brown_forsythe_p", spread->p_smaller_after});
    text += " Since the target applies (" + input.series.Label(from) + "), the mean absolute "
            "deviation of the distance to the target went from " + NumberText(deviation[0], 3) + " to " +
            NumberText(deviation[1], 3) + " (Brown-Forsythe F = " + NumberText(spread->result.f, 3) +
            ", one-sided " + PValueText(p_spread) + ").";
  }
  finding.explanation = ExplainSignal(text + " Combined (Bonferroni over " + NumberText(tests, 1) + " tests): " +
                                PValueText(p) + ".");
  finding.questions = {"Was the target introduced or raised in this period?",
                       "Are values just short of the target being corrected, re-timed or reclassified?",
                       "Is effort steered to reach the target exactly and then stopped?",
                       "Did the definition or the measurement change when the target took effect?"};
  outcome.findings.push_back(std::move(finding));
  return outcome;
}

}  // namespace kpiwatch::gaming
