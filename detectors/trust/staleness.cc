#include "detectors/trust/staleness.h"

#include <cmath>
#include <string>

#include "detectors/core/finding_text.h"

namespace kpiwatch::trust {
namespace {

// The row of the latest finite value, or nullopt.
std::optional<std::size_t> LatestObservedRow(const Series& series) {
  for (std::size_t i = series.size(); i-- > 0;) {
    if (std::isfinite(series.values[i])) return i;
  }
  return std::nullopt;
}

}  // namespace

int DefaultGraceDays(Cadence cadence) {
  switch (cadence) {
    case Cadence::kDay: return 3;
    case Cadence::kWeek: return 14;
    case Cadence::kMonth: return 45;
    case Cadence::kQuarter: return 75;
    case Cadence::kYear: return 120;
  }
  return 45;
}

Period LatestDuePeriod(Cadence cadence, std::chrono::sys_days today, int grace_days) {
  // Due when last_day + grace < today, i.e. last_day <= today - grace - 1.
  const std::chrono::sys_days latest_end = today - std::chrono::days(grace_days + 1);
  Period period = Period::Containing(cadence, latest_end);
  if (period.last_day() > latest_end) period = period.Next(-1);
  return period;
}

std::vector<ParamSpec> StalenessParams() {
  return {
      {"grace_days", ParamType::kChoiceOrNumber, "auto", 0, 3660, {"auto"},
       "days after a period's end before its value is overdue; auto = day 3, week 14, month 45, "
       "quarter 75, year 120"},
  };
}

Result<DetectorOutcome> DetectStaleness(const DetectorInput& input, const ParamValues& params) {
  if (!input.as_of) return DetectorOutcome::NotApplicable("staleness needs the evaluation time (as_of)");
  if (!input.series.has_periods()) return DetectorOutcome::NotApplicable("staleness needs periods");
  const Cadence cadence = input.indicator.cadence.value_or(input.series.periods.front().cadence());
  std::optional<std::size_t> last_row = LatestObservedRow(input.series);
  if (!last_row) return DetectorOutcome::InsufficientData("the series has no observation yet");
  const int grace = params.Number("grace_days") ? static_cast<int>(*params.Number("grace_days"))
                                                : DefaultGraceDays(cadence);
  const auto today = std::chrono::floor<std::chrono::days>(*input.as_of);
  const Period expected = LatestDuePeriod(cadence, today, grace);
  const Period latest = input.series.periods[*last_row];
  DetectorOutcome outcome;
  if (latest.cadence() != cadence) {
    return DetectorOutcome::NotApplicable("the series' periods are not of the indicator's cadence " +
                                          std::string(CadenceName(cadence)));
  }
  if (latest >= expected) return outcome;

  const std::int64_t missing = expected.ordinal() - latest.ordinal();
  const Period first_missing = latest.Next();
  const auto overdue = (today - (first_missing.last_day() + std::chrono::days(grace))).count();
  Finding finding = NewFinding("staleness", "not_current", input, *last_row, *last_row, *last_row);
  finding.statistic_name = "days_overdue";
  finding.statistic = static_cast<double>(overdue);
  finding.effect = static_cast<double>(missing);
  finding.evidence = {{"missing_periods", static_cast<double>(missing)},
                      {"days_overdue", static_cast<double>(overdue)},
                      {"grace_days", static_cast<double>(grace)},
                      {"latest_period_ordinal", static_cast<double>(latest.ordinal())},
                      {"expected_period_ordinal", static_cast<double>(expected.ordinal())}};
  finding.explanation = ExplainSignal(
      "The latest value is for " + latest.ToString() + ", but by " +
      Period::Containing(Cadence::kDay, today).ToString() + " values up to " + expected.ToString() + " were due (" +
      std::to_string(grace) + " days after each period's end): " + std::to_string(missing) +
      " period(s) missing, the first " + std::to_string(overdue) + " day(s) overdue. The number "
      "shown may not be current.");
  finding.questions = {"Has the source delivered the data for " + first_missing.ToString() + " and later?",
                       "Did the delivery or the import fail, or did the unit stop reporting?",
                       "Is the agreed delivery date (grace period of " + std::to_string(grace) +
                           " days) still right for this indicator?"};
  outcome.findings.push_back(std::move(finding));
  return outcome;
}

}  // namespace kpiwatch::trust
