#include "detectors/gaming/benford.h"

#include <cmath>

#include "detectors/core/finding_text.h"
#include "detectors/gaming/inputs.h"
#include "detectors/stats/chi_square.h"
#include "detectors/stats/robust.h"

namespace kpiwatch::gaming {
namespace {

constexpr const char* kName = "benford";
constexpr const char* kConformity[] = {"close conformity", "acceptable conformity",
                                       "marginally acceptable conformity", "nonconformity"};

struct DigitTest {
  int digits = 1;        // 1: first digit, 2: first two digits
  double n = 0.0;
  stats::ChiSquareResult chi_square;
  double mad = 0.0;
  int conformity = 0;    // index into kConformity
  int top_digit = 0;     // most over-represented digit (largest Nigrini z)
  double top_z = 0.0;
  double top_observed = 0.0;
  double top_expected = 0.0;
};

// Nigrini's MAD bands for first digit and first two digits.
int Conformity(int digits, double mad) {
  const double first[] = {0.006, 0.012, 0.015};
  const double two[] = {0.0012, 0.0018, 0.0022};
  const double* bands = digits == 1 ? first : two;
  int level = 0;
  while (level < 3 && mad > bands[level]) ++level;
  return level;
}

Result<DigitTest> RunDigitTest(const std::vector<double>& values, int digits) {
  const int low = digits == 1 ? 1 : 10;
  const int high = digits == 1 ? 9 : 99;
  std::vector<double> observed(static_cast<std::size_t>(high - low + 1), 0.0);
  std::vector<double> expected;
  for (int d = low; d <= high; ++d) expected.push_back(std::log10(1.0 + 1.0 / d));
  DigitTest test;
  test.digits = digits;
  for (double v : values) {
    int leading = LeadingDigits(v, digits);
    if (leading >= low) observed[static_cast<std::size_t>(leading - low)] += 1.0;
  }
  for (double count : observed) test.n += count;
  Result<stats::ChiSquareResult> chi_square = stats::ChiSquareGoodnessOfFit(observed, expected);
  if (!chi_square.ok()) return chi_square.status();
  test.chi_square = *chi_square;
  for (std::size_t i = 0; i < observed.size(); ++i) {
    double share = observed[i] / test.n;
    test.mad += std::abs(share - expected[i]) / static_cast<double>(observed.size());
    // Nigrini's z with continuity correction, for over-represented digits.
    double z = (std::abs(share - expected[i]) - 1.0 / (2.0 * test.n)) /
               std::sqrt(expected[i] * (1.0 - expected[i]) / test.n);
    if (share > expected[i] && z > test.top_z) {
      test.top_z = z;
      test.top_digit = low + static_cast<int>(i);
      test.top_observed = share;
      test.top_expected = expected[i];
    }
  }
  test.conformity = Conformity(digits, test.mad);
  return test;
}

bool MadQualifies(const DigitTest& test, const std::string& rule) {
  if (rule == "any") return true;
  if (rule == "beyond_close") return test.conformity >= 1;
  return test.conformity >= 2;  // beyond_acceptable
}

void AddEvidence(Finding& finding, const DigitTest& test) {
  std::string prefix = test.digits == 1 ? "first_digit_" : "first_two_digits_";
  finding.evidence.push_back({prefix + "n", test.n});
  finding.evidence.push_back({prefix + "chi_square", test.chi_square.statistic});
  finding.evidence.push_back({prefix + "p", test.chi_square.p_value});
  finding.evidence.push_back({prefix + "mad", test.mad});
  finding.evidence.push_back({prefix + "conformity_level", static_cast<double>(test.conformity)});
  finding.evidence.push_back({prefix + "top_digit", static_cast<double>(test.top_digit)});
  finding.evidence.push_back({prefix + "top_digit_z", test.top_z});
}

std::string Describe(const DigitTest& test) {
  std::string what = test.digits == 1 ? "First digits" : "First two digits";
  std::string text = what + " (n = " + NumberText(test.n, 6) + "): chi-square " + NumberText(test.chi_square.statistic, 4) +
                     " on " + NumberText(test.chi_square.df, 2) + " df (" + PValueText(test.chi_square.p_value) +
                     "), MAD " + NumberText(test.mad, 2) + " (" + kConformity[test.conformity] + ")";
  if (test.top_digit > 0) {
    text += "; most over-represented: " + std::to_string(test.top_digit) + " with " +
            PercentText(test.top_observed) + " against " + PercentText(test.top_expected) + " expected (z = " +
            NumberText(test.top_z, 3) + ")";
  }
  return text + ".";
}

}  // namespace

int LeadingDigits(double value, int digits) {
  value = std::abs(value);
  if (!(value > 0.0) || !std::isfinite(value)) return 0;
  double scale = std::pow(10.0, digits - 1 - std::floor(std::log10(value)));
  // Tolerate representation error (e.g. 0.3 * 10 = 2.9999999999999996).
  auto leading = static_cast<int>(std::floor(value * scale * (1.0 + 1e-12)));
  const int high = digits == 1 ? 9 : 99;
  if (leading > high) leading /= 10;
  if (leading < (digits == 1 ? 1 : 10)) leading *= 10;
  return leading;
}

std::vector<ParamSpec> BenfordParams() {
  return {
      {"source", ParamType::kChoice, "auto", 0, 0, kValueSources,
       "values to test; auto = event samples if present, else the series' values"},
      {"min_values", ParamType::kInt, "100", 20, 1e9, {}, "fewest non-zero values for the first-digit test"},
      {"min_values_two_digits", ParamType::kInt, "500", 90, 1e9, {},
       "fewest values >= 10 for the first-two-digits test"},
      {"min_orders", ParamType::kDouble, "2", 0, 20, {},
       "orders of magnitude the values must span (1st to 99th percentile)"},
      {"mad_rule", ParamType::kChoice, "beyond_acceptable", 0, 0, {"any", "beyond_close", "beyond_acceptable"},
       "how far Nigrini's MAD must be from conformity for a finding"},
      {"alpha", ParamType::kDouble, "0.05", 1e-6, 0.5, {}, "significance level, Bonferroni over the tests run"},
  };
}

Result<DetectorOutcome> DetectBenford(const DetectorInput& input, const ParamValues& params) {
  const UnitKind unit = input.indicator.unit_kind;
  if (unit != UnitKind::kCount && unit != UnitKind::kAmount) {
    return DetectorOutcome::NotApplicable(std::string("Benford's law applies to amounts and counts, not to ") +
                                          UnitKindName(unit) + " values");
  }
  SelectedValues selected = SelectValues(input, params.Choice("source"), "series");
  std::vector<double> magnitudes;
  for (double v : selected.values) {
    if (v != 0.0) magnitudes.push_back(std::abs(v));
  }
  if (magnitudes.size() < static_cast<std::size_t>(params.Int("min_values"))) {
    return DetectorOutcome::InsufficientData(std::to_string(magnitudes.size()) + " non-zero values among " +
                                             selected.description + "; at least " +
                                             std::to_string(params.Int("min_values")) + " are needed");
  }
  const double orders = std::log10(stats::Quantile(magnitudes, 0.99) / stats::Quantile(magnitudes, 0.01));
  if (!(orders >= params.Double("min_orders"))) {
    return DetectorOutcome::NotApplicable("the values span " + NumberText(orders, 2) +
                                          " orders of magnitude (1st to 99th percentile); Benford's law needs " +
                                          NumberText(params.Double("min_orders"), 2));
  }
  std::vector<DigitTest> tests;
  Result<DigitTest> first = RunDigitTest(magnitudes, 1);
  if (first.ok()) tests.push_back(*first);
  std::size_t at_least_ten = 0;
  for (double v : magnitudes) at_least_ten += v >= 10.0 ? 1 : 0;
  if (at_least_ten >= static_cast<std::size_t>(params.Int("min_values_two_digits"))) {
    std::vector<double> large;
    for (double v : magnitudes) {
      if (v >= 10.0) large.push_back(v);
    }
    Result<DigitTest> two = RunDigitTest(large, 2);
    if (two.ok()) tests.push_back(*two);
  }
  DetectorOutcome outcome;
  const double count = static_cast<double>(tests.size());
  const DigitTest* decisive = nullptr;
  for (const DigitTest& test : tests) {
    bool significant = test.chi_square.p_value * count <= params.Double("alpha");
    if (significant && MadQualifies(test, params.Choice("mad_rule")) &&
        (decisive == nullptr || test.chi_square.p_value < decisive->chi_square.p_value)) {
      decisive = &test;
    }
  }
  if (decisive == nullptr) return outcome;
  std::size_t last = input.series.size() == 0 ? 0 : input.series.size() - 1;
  Finding finding = NewFinding(kName, "benford_nonconformity", input, last, 0, last);
  finding.statistic_name = "chi_square";
  finding.statistic = decisive->chi_square.statistic;
  finding.p_value = std::min(1.0, decisive->chi_square.p_value * count);
  finding.effect = decisive->mad;
  finding.evidence.push_back({"orders_of_magnitude", orders});
  std::string text = "The leading digits of " + selected.description + " (spanning " + NumberText(orders, 2) +
                     " orders of magnitude) depart from Benford's law.";
  for (const DigitTest& test : tests) {
    AddEvidence(finding, test);
    text += " " + Describe(test);
  }
  finding.explanation = ExplainSignal(text + " Invented, rounded or capped amounts, and amounts just under an "
                                       "approval limit, typically show this; so do legitimate fixed prices or fees.");
  finding.questions = {"Are there fixed tariffs, fees or standard amounts that explain the excess digits?",
                       "Are amounts just below an approval or reporting limit frequent?",
                       "Were amounts estimated, rounded or entered by hand rather than taken from the source?",
                       "Did the booking rules or the source system change in this period?"};
  outcome.findings.push_back(std::move(finding));
  return outcome;
}

}  // namespace kpiwatch::gaming
