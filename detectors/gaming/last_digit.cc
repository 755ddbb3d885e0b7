#include "detectors/gaming/last_digit.h"

#include <array>
#include <cmath>

#include "detectors/core/finding_text.h"
#include "detectors/gaming/inputs.h"
#include "detectors/stats/chi_square.h"
#include "detectors/stats/distributions.h"
#include "detectors/stats/robust.h"

namespace kpiwatch::gaming {
namespace {

constexpr const char* kName = "last_digit";

// Beyond 2^53 precision steps a double no longer holds every step, so its last digit
// means nothing (and does not fit a long long much further out).
constexpr double kMaxExactSteps = 9007199254740992.0;

// The last digit of |value| in units of `precision`. Precondition: |value| / precision
// rounds to at most kMaxExactSteps.
int LastDigit(double value, double precision) {
  auto steps = static_cast<long long>(std::llround(std::abs(value) / precision));
  return static_cast<int>(steps % 10);
}

}  // namespace

std::optional<double> InferPrecision(const std::vector<double>& values) {
  for (int decimals = 0; decimals <= 6; ++decimals) {
    double scale = std::pow(10.0, decimals);
    bool exact = true;
    for (double v : values) {
      double steps = v * scale;
      if (std::abs(steps - std::round(steps)) > 1e-6 * std::max(1.0, std::abs(steps) * 1e-9)) {
        exact = false;
        break;
      }
    }
    if (exact) return 1.0 / scale;
  }
  return std::nullopt;
}

std::vector<ParamSpec> LastDigitParams() {
  return {
      {"source", ParamType::kChoice, "auto", 0, 0, kValueSources,
       "values to test; auto = event samples if present, else the series' values"},
      {"precision", ParamType::kChoiceOrNumber, "auto", 1e-9, 1e300, {"auto"},
       "the stated precision (1, 0.1, ...); auto = the fewest decimals that represent every value"},
      {"min_values", ParamType::kInt, "50", 20, 1e9, {}, "fewest values (5 expected per digit)"},
      {"min_steps", ParamType::kDouble, "20", 1, 1e9, {},
       "fewest precision steps between the 10th and 90th percentile"},
      {"alpha", ParamType::kDouble, "0.05", 1e-6, 0.5, {}, "significance level of the chi-square test"},
  };
}

Result<DetectorOutcome> DetectLastDigit(const DetectorInput& input, const ParamValues& params) {
  SelectedValues selected = SelectValues(input, params.Choice("source"), "series");
  const auto& values = selected.values;
  if (values.size() < static_cast<std::size_t>(params.Int("min_values"))) {
    return DetectorOutcome::InsufficientData(selected.description + "; at least " +
                                             std::to_string(params.Int("min_values")) + " are needed");
  }
  std::optional<double> precision = params.Number("precision");
  if (!precision) precision = InferPrecision(values);
  if (!precision) {
    return DetectorOutcome::NotApplicable("the values have more than 6 decimals: state the 'precision'");
  }
  const double steps = (stats::Quantile(values, 0.9) - stats::Quantile(values, 0.1)) / *precision;
  if (!(steps >= params.Double("min_steps"))) {
    return DetectorOutcome::NotApplicable("the values span only " + NumberText(steps, 3) + " steps of the precision " +
                                          NumberText(*precision, 3) + " (10th to 90th percentile), too few for "
                                          "uniform last digits; at least " + NumberText(params.Double("min_steps"), 3));
  }
  for (double v : values) {
    if (!(std::round(std::abs(v) / *precision) <= kMaxExactSteps)) {
      return DetectorOutcome::NotApplicable("the value " + NumberText(v, 6) + " has more than 2^53 steps of the precision " +
                                            NumberText(*precision, 3) + ", so its last digit is not stored exactly");
    }
  }
  std::vector<double> counts(10, 0.0);
  for (double v : values) counts[static_cast<std::size_t>(LastDigit(v, *precision))] += 1.0;
  const std::vector<double> uniform(10, 0.1);
  Result<stats::ChiSquareResult> chi_square = stats::ChiSquareGoodnessOfFit(counts, uniform);
  if (!chi_square.ok()) return chi_square.status();
  DetectorOutcome outcome;
  if (!(chi_square->p_value <= params.Double("alpha"))) return outcome;  // NaN: no finding

  const double n = static_cast<double>(values.size());
  const auto zero_or_five = static_cast<std::int64_t>(counts[0] + counts[5]);
  const double share = static_cast<double>(zero_or_five) / n;
  const double binomial_p = stats::BinomialUpperTail(zero_or_five, static_cast<std::int64_t>(n), 0.2);
  std::size_t last = input.series.size() == 0 ? 0 : input.series.size() - 1;
  Finding finding = NewFinding(kName, "digit_heaping", input, last, 0, last);
  finding.statistic_name = "chi_square";
  finding.statistic = chi_square->statistic;
  finding.p_value = chi_square->p_value;
  finding.effect = share - 0.2;
  finding.evidence = {{"precision", *precision}, {"chi_square", chi_square->statistic},
                      {"df", chi_square->df}, {"share_0_5", share}, {"excess_share_0_5", share - 0.2},
                      {"binomial_p_0_5", binomial_p}};
  std::size_t top = 0;
  for (std::size_t d = 0; d < 10; ++d) {
    finding.evidence.push_back({"digit_" + std::to_string(d), counts[d]});
    if (counts[d] > counts[top]) top = d;
  }
  finding.explanation = ExplainSignal(
      "The last digits of " + selected.description + " (at precision " + NumberText(*precision, 3) +
      ") are not uniform: chi-square " + NumberText(chi_square->statistic, 4) + " on 9 df (" +
      PValueText(chi_square->p_value) + "). " + PercentText(share) + " end in 0 or 5 against 20% expected (" +
      "one-sided binomial " + PValueText(binomial_p) + "); the most frequent last digit is " +
      std::to_string(top) + " (" + PercentText(counts[top] / n) + "). Heaping like this marks values that were "
      "estimated or rounded rather than counted or measured.");
  finding.questions = {"Are these values measured or counted, or estimated and entered by hand?",
                       "Does the source system or the form round values (e.g. to 5 or 10)?",
                       "Did the recording practice or the person recording change?",
                       "Are values adjusted afterwards, e.g. to meet a target?"};
  outcome.findings.push_back(std::move(finding));
  return outcome;
}

}  // namespace kpiwatch::gaming
