#include "detectors/shift/cusum_detector.h"

#include <charconv>

#include "detectors/core/finding_text.h"
#include "detectors/shift/shift_finding.h"

namespace kpiwatch::shift {
namespace {

std::string DoubleText(double value) {
  char buffer[64];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, end);
}

// One alarm as "alarm <alarm_row> <start_row> <+|-> <statistic> <center> <scale> <shift_sd>".
std::string AlarmLine(const CusumAlarm& alarm) {
  return "alarm " + std::to_string(alarm.alarm_row) + " " + std::to_string(alarm.start_row) + " " +
         (alarm.direction == ChangeDirection::kUp ? "+" : "-") + " " + DoubleText(alarm.statistic) + " " +
         DoubleText(alarm.center) + " " + DoubleText(alarm.scale) + " " + DoubleText(alarm.shift_sd);
}

template <typename Number>
bool ReadNumber(std::string_view text, Number& out) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size();
}

Result<CusumAlarm> ParseAlarmLine(std::string_view text) {
  std::string_view line = text;
  std::vector<std::string_view> fields;
  while (!line.empty()) {
    std::size_t space = line.find(' ');
    fields.push_back(line.substr(0, space));
    line = space == std::string_view::npos ? std::string_view() : line.substr(space + 1);
  }
  CusumAlarm alarm;
  if (fields.size() != 8 || fields[0] != "alarm" || !ReadNumber(fields[1], alarm.alarm_row) ||
      !ReadNumber(fields[2], alarm.start_row) || (fields[3] != "+" && fields[3] != "-") ||
      !ReadNumber(fields[4], alarm.statistic) || !ReadNumber(fields[5], alarm.center) ||
      !ReadNumber(fields[6], alarm.scale) || !ReadNumber(fields[7], alarm.shift_sd)) {
    return Status::InvalidArgument("cusum detector state: bad alarm line '" + std::string(text) + "'");
  }
  alarm.direction = fields[3] == "+" ? ChangeDirection::kUp : ChangeDirection::kDown;
  return alarm;
}

}  // namespace

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

namespace kpiwatch::shift {

Result<IncrementalOutcome> ResumeCusumDetector(const DetectorInput& input, const ParamValues& params,
                                               std::string_view state_text) {
  CusumOptions options = CusumOptionsFrom(params);
  if (auto refusal = CheckSeries(input.series, options.baseline + 1, "cusum")) {
    return IncrementalOutcome{*refusal, ""};  // no state: the next run starts fresh
  }
  CusumState state;
  std::vector<CusumAlarm> alarms;
  if (!state_text.empty()) {
    std::size_t newline = state_text.find('\n');
    Result<CusumState> parsed = CusumState::Parse(state_text.substr(0, newline));
    if (!parsed.ok()) return parsed.status();
    state = std::move(*parsed);
    std::string_view rest = newline == std::string_view::npos ? std::string_view() : state_text.substr(newline + 1);
    while (!rest.empty()) {
      std::size_t end = rest.find('\n');
      Result<CusumAlarm> alarm = ParseAlarmLine(rest.substr(0, end));
      if (!alarm.ok()) return alarm.status();
      alarms.push_back(*alarm);
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    }
  }
  if (state.rows > input.series.size()) {
    return Status::InvalidArgument("cusum detector state covers " + std::to_string(state.rows) +
                                   " rows, the series has " + std::to_string(input.series.size()));
  }
  for (std::size_t i = state.rows; i < input.series.size(); ++i) {
    if (auto alarm = CusumStep(state, options, input.series.values[i])) alarms.push_back(*alarm);
  }
  IncrementalOutcome result;
  result.state = state.Serialize();
  for (const CusumAlarm& alarm : alarms) {
    result.outcome.findings.push_back(CusumFinding(input, options, alarm));
    result.state += "\n" + AlarmLine(alarm);
  }
  return result;
}

}  // namespace kpiwatch::shift
