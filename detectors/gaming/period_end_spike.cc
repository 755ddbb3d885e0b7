#include "detectors/gaming/period_end_spike.h"

#include <cmath>
#include <map>

#include "detectors/core/finding_text.h"
#include "detectors/stats/chi_square.h"
#include "detectors/stats/distributions.h"
#include "detectors/stats/robust.h"

namespace kpiwatch::gaming {
namespace {

constexpr const char* kName = "period_end_spike";

struct Year {
  int year = 0;
  double deadline_value = 0.0;   // L_y
  double others_sum = 0.0;       // O_y
  int others = 0;                // sub-periods in O_y
  std::size_t deadline_row = 0;
  int rows = 0;
  bool has_deadline = false;
};

std::vector<Year> CompleteYears(const Series& series, Cadence cadence, int position) {
  std::map<int, Year> years;
  for (std::size_t i = 0; i < series.size(); ++i) {
    const Period& period = series.periods[i];
    Year& year = years[period.year()];
    year.year = period.year();
    ++year.rows;
    bool deadline = position > 0 ? period.position_in_year() == position : period.is_last_of_year();
    if (deadline) {
      year.deadline_value = series.values[i];
      year.deadline_row = i;
      year.has_deadline = true;
    } else {
      year.others_sum += series.values[i];
      ++year.others;
    }
  }
  std::vector<Year> complete;
  const int needed = cadence == Cadence::kWeek ? 52 : PeriodsPerYear(cadence);
  for (const auto& [number, year] : years) {
    if (year.has_deadline && year.rows >= needed) complete.push_back(year);
  }
  return complete;
}

struct YearTest {
  double expected = 0.0;
  double statistic = 0.0;
  double p_value = 1.0;
  bool ok = false;
};

YearTest PoissonTest(const std::vector<Year>& years, std::size_t k) {
  double rest_deadline = 0.0, rest_others = 0.0;
  for (std::size_t j = 0; j < years.size(); ++j) {
    if (j == k) continue;
    rest_deadline += years[j].deadline_value;
    rest_others += years[j].others_sum;
  }
  YearTest test;
  auto table = stats::ChiSquareTwoByTwo(years[k].deadline_value, years[k].others_sum, rest_deadline, rest_others);
  if (!table.ok() || rest_others <= 0.0) return test;
  test.expected = years[k].others_sum * rest_deadline / rest_others;
  test.statistic = table->z;
  test.p_value = stats::NormalUpperTail(table->z);
  test.ok = true;
  return test;
}

YearTest LognormalTest(const std::vector<Year>& years, std::size_t k) {
  auto log_ratio = [](const Year& year) { return std::log(year.deadline_value / (year.others_sum / year.others)); };
  std::vector<double> rest;
  for (std::size_t j = 0; j < years.size(); ++j) {
    if (j != k) rest.push_back(log_ratio(years[j]));
  }
  YearTest test;
  const double sd = std::sqrt(stats::Variance(rest));
  if (rest.size() < 3 || !(sd > 0.0)) return test;
  const double m = static_cast<double>(rest.size());
  test.expected = std::exp(stats::Mean(rest)) * years[k].others_sum / years[k].others;
  test.statistic = (log_ratio(years[k]) - stats::Mean(rest)) / (sd * std::sqrt(1.0 + 1.0 / m));
  test.p_value = stats::StudentUpperTail(test.statistic, m - 1.0);
  test.ok = true;
  return test;
}

Finding BuildFinding(const DetectorInput& input, const Year& year, const YearTest& test,
                     double p_adjusted, int tested, const std::string& model) {
  const Series& series = input.series;
  Finding finding = NewFinding(kName, "period_end_spike", input, year.deadline_row,
                               year.deadline_row + 1 - static_cast<std::size_t>(year.rows), year.deadline_row);
  const double ratio = year.deadline_value / test.expected;
  const double year_average = year.others_sum / year.others;
  finding.direction = ChangeDirection::kUp;
  finding.effect = year.deadline_value - test.expected;
  finding.statistic_name = model == "poisson" ? "z" : "t";
  finding.statistic = test.statistic;
  finding.p_value = p_adjusted;
  finding.evidence = {{"observed", year.deadline_value}, {"expected", test.expected},
                      {"ratio_observed_expected", ratio}, {"p_unadjusted", test.p_value},
                      {"years_tested", static_cast<double>(tested)},
                      {"year_average_other_periods", year_average}};
  std::string dip;
  if (year.deadline_row + 1 < series.size()) {
    double next_ratio = series.values[year.deadline_row + 1] / year_average;
    finding.evidence.push_back({"next_period_ratio", next_ratio});
    dip = " The next period, " + series.Label(year.deadline_row + 1) + ", is at " + NumberText(next_ratio, 3) +
          " times that year's average" + (next_ratio < 0.9 ? " (a dip, as when work is pulled forward)." : ".");
  }
  finding.explanation = ExplainSignal(
      series.Label(year.deadline_row) + " reached " + NumberText(year.deadline_value, 4) + " where the rest of " +
      std::to_string(year.year) + " and the pattern of the other years predict " + NumberText(test.expected, 4) +
      ": " + NumberText(ratio, 3) + " times the expectation (" + model + " model, one-sided " + PValueText(test.p_value) +
      (tested > 1 ? ", Bonferroni over " + std::to_string(tested) + " years " + PValueText(p_adjusted) : "") +
      ")." + dip);
  finding.questions = {
      "Were cases, payments or decisions pulled forward into this period to meet an annual target?",
      "Is there a dip in the following period?",
      "Did a deadline, budget rule or campaign genuinely raise activity in this period?",
      "Did the booking or registration date rules change?"};
  return finding;
}

}  // namespace

std::vector<ParamSpec> PeriodEndSpikeParams() {
  return {
      {"position", ParamType::kInt, "0", 0, 53, {},
       "deadline sub-period within the year (e.g. 6 = June for monthly data); 0 = the last"},
      {"model", ParamType::kChoice, "auto", 0, 0, {"auto", "poisson", "lognormal"},
       "poisson for counts, lognormal for amounts; auto chooses by the indicator's unit"},
      {"years", ParamType::kChoice, "latest", 0, 0, {"latest", "all"},
       "latest: test the latest complete year; all: every complete year, Bonferroni-corrected"},
      {"alpha", ParamType::kDouble, "0.05", 1e-6, 0.5, {},
       "one-sided significance level (Bonferroni-corrected over the years tested)"},
  };
}

Result<DetectorOutcome> DetectPeriodEndSpike(const DetectorInput& input, const ParamValues& params) {
  const UnitKind unit = input.indicator.unit_kind;
  if (unit != UnitKind::kCount && unit != UnitKind::kAmount) {
    return DetectorOutcome::NotApplicable(std::string("period_end_spike needs a flow (count or amount); the unit is ") +
                                          UnitKindName(unit));
  }
  if (!input.series.has_periods()) return DetectorOutcome::NotApplicable("the series has no periods");
  const Cadence cadence = input.series.periods.front().cadence();
  if (cadence == Cadence::kYear || cadence == Cadence::kDay) {
    return DetectorOutcome::NotApplicable(std::string("period_end_spike needs week, month or quarter periods, not ") +
                                          CadenceName(cadence));
  }
  std::string model = params.Choice("model");
  if (model == "auto") model = unit == UnitKind::kCount ? "poisson" : "lognormal";
  for (double v : input.series.values) {
    if (!(v >= 0.0) || (model == "lognormal" && !(v > 0.0))) {
      return DetectorOutcome::NotApplicable("the " + model + " model needs " +
                                            (model == "poisson" ? "non-negative" : "positive") + " values");
    }
  }
  std::vector<Year> years = CompleteYears(input.series, cadence, static_cast<int>(params.Int("position")));
  const std::size_t needed = model == "poisson" ? 2 : 4;
  if (years.size() < needed) {
    return DetectorOutcome::InsufficientData(std::to_string(years.size()) + " complete years; the " + model +
                                             " model needs at least " + std::to_string(needed));
  }
  const std::size_t first = params.Choice("years") == "all" ? 0 : years.size() - 1;
  std::vector<YearTest> tests(years.size());
  int tested = 0;
  for (std::size_t k = first; k < years.size(); ++k) {
    tests[k] = model == "poisson" ? PoissonTest(years, k) : LognormalTest(years, k);
    if (tests[k].ok) ++tested;
  }
  DetectorOutcome outcome;
  for (std::size_t k = first; k < years.size(); ++k) {
    double p_adjusted = std::min(1.0, tests[k].p_value * tested);
    if (tests[k].ok && p_adjusted <= params.Double("alpha")) {
      outcome.findings.push_back(BuildFinding(input, years[k], tests[k], p_adjusted, tested, model));
    }
  }
  return outcome;
}

}  // namespace kpiwatch::gaming
