#include "detectors/gaming/paired_divergence.h"

#include <algorithm>
#include <cmath>

#include "detectors/core/finding_text.h"
#include "detectors/gaming/inputs.h"
#include "detectors/stats/newey_west.h"
#include "detectors/stats/robust.h"

namespace kpiwatch::gaming {
namespace {

constexpr const char* kName = "paired_divergence";

Result<stats::HacTest> TestChange(const std::vector<double>& y, const Windows& windows,
                                  const std::string& method, int lag) {
  std::span<const double> all(y);
  if (method == "trend") {
    return stats::HacTrendSlope(all.subspan(windows.before_begin, windows.after_end - windows.before_begin), lag);
  }
  return stats::HacMeanShift(all.subspan(windows.before_begin, windows.split - windows.before_begin),
                             all.subspan(windows.split, windows.after_end - windows.split), lag);
}

// One-sided p for a change in the good (`good` true) or bad direction of `direction`.
double DirectedP(const stats::HacTest& test, Direction direction, bool good) {
  bool up = (direction == Direction::kHigherIsBetter) == good;
  return up ? test.p_greater : test.p_less;
}

std::string ChangeText(const std::string& name, const stats::HacTest& test, double p, const std::string& method) {
  return name + " changed by " + NumberText(test.estimate, 3) + (method == "trend" ? " per period" : "") +
         " (HAC t = " + NumberText(test.t, 3) + ", one-sided " + PValueText(p) + ")";
}

}  // namespace

std::vector<ParamSpec> PairedDivergenceParams() {
  return {
      {"window", ParamType::kInt, "24", 2, 1e6, {}, "rows in each of the two windows"},
      {"split", ParamType::kChoiceOrNumber, "end", 0, 1e9, {"end"},
       "first row of the after window; end = the last `window` rows"},
      {"method", ParamType::kChoice, "window", 0, 0, {"window", "trend"},
       "window: shift in mean between the windows; trend: linear slope over both"},
      {"hac_lag", ParamType::kChoiceOrNumber, "auto", 0, 1000, {"auto"},
       "Newey-West lag; auto = floor(4 (n/100)^(2/9))"},
      {"min_window", ParamType::kInt, "6", 2, 1e6, {}, "fewest rows per window"},
      {"alpha", ParamType::kDouble, "0.1", 1e-6, 0.5, {},
       "level of the intersection-union test (each one-sided test at this level)"},
  };
}

Result<DetectorOutcome> DetectPairedDivergence(const DetectorInput& input, const ParamValues& params) {
  const RelatedSeries* counter = FindRelated(input, Relation::kCounterIndicator);
  if (counter == nullptr) return DetectorOutcome::NotApplicable("no counter-indicator is declared for this indicator");
  std::optional<AlignedPair> pair = Align(input.series, counter->series);
  if (!pair) return DetectorOutcome::NotApplicable("the counter-indicator cannot be aligned (no periods, unequal lengths)");
  std::optional<Windows> windows =
      ResolveWindows(pair->rows.size(), params, static_cast<std::size_t>(params.Int("min_window")));
  if (!windows) {
    return DetectorOutcome::InsufficientData(std::to_string(pair->rows.size()) +
                                             " aligned rows; a window has fewer than " +
                                             std::to_string(params.Int("min_window")));
  }
  const std::string method = params.Choice("method");
  const int lag = params.Number("hac_lag") ? static_cast<int>(*params.Number("hac_lag")) : -1;
  Result<stats::HacTest> main_test = TestChange(pair->first, *windows, method, lag);
  Result<stats::HacTest> counter_test = TestChange(pair->second, *windows, method, lag);
  if (!main_test.ok() || !counter_test.ok()) {
    return DetectorOutcome::NotApplicable("a series is constant over the windows");
  }
  const double p_main = DirectedP(*main_test, input.indicator.direction, true);
  const double p_counter = DirectedP(*counter_test, counter->indicator.direction, false);
  const double p = std::max(p_main, p_counter);
  DetectorOutcome outcome;
  if (!(p <= params.Double("alpha"))) return outcome;  // NaN: no finding

  const std::size_t begin = pair->rows[windows->before_begin], split = pair->rows[windows->split];
  const std::size_t end = pair->rows[windows->after_end - 1];
  Finding finding = NewFinding(kName, "paired_divergence", input, split, begin, end);
  finding.direction = main_test->estimate > 0 ? ChangeDirection::kUp : ChangeDirection::kDown;
  finding.effect = main_test->estimate;
  const std::span<const double> before(pair->first.data() + windows->before_begin, windows->split - windows->before_begin);
  const double scale = std::sqrt(stats::Variance(before));
  if (method == "window" && scale > 0.0) finding.effect_sd = main_test->estimate / scale;
  finding.statistic_name = "iut_p";
  finding.statistic = p;
  finding.p_value = p;
  const std::string counter_name = counter->indicator.id.empty() ? counter->series.indicator : counter->indicator.id;
  finding.evidence = {{"indicator_change", main_test->estimate}, {"indicator_t", main_test->t},
                      {"indicator_p", p_main}, {"counter_change", counter_test->estimate},
                      {"counter_t", counter_test->t}, {"counter_p", p_counter},
                      {"hac_lag", static_cast<double>(main_test->lag)}};
  finding.explanation = ExplainSignal(
      "Over " + input.series.Label(begin) + ".." + input.series.Label(end) + " (" + method + " comparison from " +
      input.series.Label(split) + ") the indicator improved while its counter-indicator " + counter_name +
      " worsened: " + ChangeText("the indicator", *main_test, p_main, method) + "; " +
      ChangeText(counter_name, *counter_test, p_counter, method) + ". Both at once (intersection-union " +
      PValueText(p) + ") is the pattern of an indicator pursued at the expense of what it should stand for.");
  finding.questions = {"Did the way the indicator is achieved change (e.g. quicker but less durable placements)?",
                       "Was a target, bonus or contract tied to the indicator but not to its counterpart?",
                       "Did the population or external conditions change in a way that explains both moves?",
                       "Did the definition or measurement of either series change?"};
  outcome.findings.push_back(std::move(finding));
  return outcome;
}

}  // namespace kpiwatch::gaming
