#include "detectors/gaming/denominator_shift.h"

#include <cmath>

#include "detectors/core/finding_text.h"
#include "detectors/gaming/inputs.h"
#include "detectors/stats/newey_west.h"
#include "detectors/stats/robust.h"

namespace kpiwatch::gaming {
namespace {

constexpr const char* kName = "denominator_shift";

// Numerator per row of the series: a related numerator series, else ratio x denominator.
std::vector<double> NumeratorsOf(const DetectorInput& input, const std::vector<double>& denominators) {
  std::vector<double> numerators(input.series.size(), std::nan(""));
  if (const RelatedSeries* related = FindRelated(input, Relation::kNumerator)) {
    if (std::optional<AlignedPair> pair = Align(input.series, related->series)) {
      for (std::size_t k = 0; k < pair->rows.size(); ++k) numerators[pair->rows[k]] = pair->second[k];
      return numerators;
    }
  }
  const double scale = input.indicator.unit_kind == UnitKind::kPercent ? 100.0 : 1.0;
  for (std::size_t i = 0; i < numerators.size(); ++i) {
    numerators[i] = input.series.values[i] / scale * denominators[i];
  }
  return numerators;
}

double WindowMean(const std::vector<double>& x, std::size_t begin, std::size_t end) {
  return stats::Mean(std::span<const double>(x).subspan(begin, end - begin));
}

}  // namespace

std::vector<ParamSpec> DenominatorShiftParams() {
  return {
      {"window", ParamType::kInt, "12", 2, 1e6, {}, "rows in each of the two windows"},
      {"split", ParamType::kChoiceOrNumber, "end", 0, 1e9, {"end"},
       "first row of the after window; end = the last `window` rows"},
      {"share", ParamType::kDouble, "0.5", 0, 10, {},
       "least share of the ratio's log change the denominator must explain"},
      {"hac_lag", ParamType::kChoiceOrNumber, "auto", 0, 1000, {"auto"},
       "Newey-West lag; auto = floor(4 (n/100)^(2/9))"},
      {"min_window", ParamType::kInt, "6", 2, 1e6, {}, "fewest rows per window"},
      {"alpha", ParamType::kDouble, "0.05", 1e-6, 0.5, {}, "one-sided level of the denominator test"},
  };
}

Result<DetectorOutcome> DetectDenominatorShift(const DetectorInput& input, const ParamValues& params) {
  std::optional<std::vector<double>> denominators = DenominatorsOf(input);
  if (!denominators) {
    return DetectorOutcome::NotApplicable("needs denominators: Series::denominators or a related denominator series");
  }
  std::vector<double> numerators = NumeratorsOf(input, *denominators);
  for (std::size_t i = 0; i < numerators.size(); ++i) {
    if (!((*denominators)[i] > 0.0) || !(numerators[i] >= 0.0)) {
      return DetectorOutcome::NotApplicable("row " + input.series.Label(i) +
                                            " lacks a positive denominator or a numerator");
    }
  }
  std::optional<Windows> windows =
      ResolveWindows(input.series.size(), params, static_cast<std::size_t>(params.Int("min_window")));
  if (!windows) {
    return DetectorOutcome::InsufficientData("a window has fewer than " + std::to_string(params.Int("min_window")) +
                                             " rows");
  }
  const auto [begin, split, end] = *windows;
  const double n_before = WindowMean(numerators, begin, split), n_after = WindowMean(numerators, split, end);
  const double d_before = WindowMean(*denominators, begin, split), d_after = WindowMean(*denominators, split, end);
  if (!(n_before > 0.0) || !(n_after > 0.0)) {
    return DetectorOutcome::NotApplicable("the numerator is zero in a window; the log change is undefined");
  }
  const double change_numerator = std::log(n_after / n_before);
  const double change_denominator = std::log(d_after / d_before);
  const double change_ratio = change_numerator - change_denominator;
  const bool higher_better = input.indicator.direction == Direction::kHigherIsBetter;
  const bool good_way = higher_better ? change_ratio > 0.0 : change_ratio < 0.0;
  const double share = -change_denominator / change_ratio;

  std::vector<double> log_before, log_after;
  for (std::size_t i = begin; i < end; ++i) (i < split ? log_before : log_after).push_back(std::log((*denominators)[i]));
  const int lag = params.Number("hac_lag") ? static_cast<int>(*params.Number("hac_lag")) : -1;
  Result<stats::HacTest> test = stats::HacMeanShift(log_before, log_after, lag);
  if (!test.ok()) return DetectorOutcome::NotApplicable("denominator test: " + test.status().message());
  const double p = higher_better ? test->p_less : test->p_greater;
  DetectorOutcome outcome;
  if (!good_way || share < params.Double("share") || !(p <= params.Double("alpha"))) return outcome;

  Finding finding = NewFinding(kName, "denominator_shift", input, split, begin, end - 1);
  finding.direction = change_denominator < 0 ? ChangeDirection::kDown : ChangeDirection::kUp;
  finding.effect = d_after - d_before;
  finding.statistic_name = "t";
  finding.statistic = test->t;
  finding.p_value = p;
  finding.evidence = {{"ratio_before", n_before / d_before}, {"ratio_after", n_after / d_after},
                      {"log_change_ratio", change_ratio}, {"log_change_numerator", change_numerator},
                      {"log_change_denominator", change_denominator}, {"denominator_share", share},
                      {"numerator_share", change_numerator / change_ratio},
                      {"denominator_before", d_before}, {"denominator_after", d_after},
                      {"numerator_before", n_before}, {"numerator_after", n_after},
                      {"hac_lag", static_cast<double>(test->lag)}};
  finding.explanation = ExplainSignal(
      "The ratio went from " + NumberText(n_before / d_before, 3) + " to " + NumberText(n_after / d_after, 3) + " (" +
      input.series.Label(begin) + ".." + input.series.Label(split - 1) + " against " + input.series.Label(split) +
      ".." + input.series.Label(end - 1) + "), but mainly because the denominator moved from " + NumberText(d_before, 4) +
      " to " + NumberText(d_after, 4) + " (" + PercentText(d_after / d_before - 1.0) + ") while the numerator moved from " +
      NumberText(n_before, 4) + " to " + NumberText(n_after, 4) + ". The denominator accounts for " + PercentText(share) +
      " of the ratio's log change (HAC t = " + NumberText(test->t, 3) + ", one-sided " + PValueText(p) + ").");
  finding.questions = {"Did intake, eligibility or registration rules change, or were applicants deterred?",
                       "Are harder cases being kept out of the denominator (cream-skimming)?",
                       "Did the population or demand genuinely fall (e.g. a better economy)?",
                       "Did the definition of the denominator change?"};
  outcome.findings.push_back(std::move(finding));
  return outcome;
}

}  // namespace kpiwatch::gaming
