#include "tests/support/rule_fixtures.h"

#include <stdexcept>

namespace kpiwatch::testing {

Indicator MonthlyIndicator(const std::string& id) {
  Indicator indicator;
  indicator.id = id;
  indicator.name = id;
  indicator.definition = "A test indicator.";
  indicator.unit = UnitKind::kCount;
  indicator.cadence = Cadence::kMonth;
  return indicator;
}

Rule SimpleRule(const std::string& name, const std::string& detector, const std::string& indicator_glob) {
  Rule rule;
  rule.name = name;
  rule.detector = detector;
  rule.select.indicators = {indicator_glob};
  return rule;
}

std::chrono::sys_seconds ReportTime(const Period& period, int delay_days) {
  return std::chrono::sys_seconds(period.last_day() + std::chrono::days(delay_days)) + std::chrono::hours(9);
}

std::vector<Observation> MonthlyRows(const std::string& indicator, const std::string& unit,
                                     const std::string& first_month, const std::vector<double>& values,
                                     int report_delay_days) {
  Period period = Period::Parse(first_month, Cadence::kMonth).value();
  std::vector<Observation> rows;
  for (double value : values) {
    Observation row;
    row.indicator = indicator;
    row.unit = unit;
    row.period = period;
    row.value = value;
    row.reported_at = ReportTime(period, report_delay_days);
    row.source = "test";
    rows.push_back(row);
    period = period.Next();
  }
  return rows;
}

DetectorRegistry ProbeRegistry(Probe& probe) {
  auto run = [&probe](const DetectorInput& input, const ParamValues&) -> Result<DetectorOutcome> {
    probe.seen.push_back(input);
    DetectorOutcome outcome;
    outcome.findings = probe.findings(input);
    return outcome;
  };
  std::vector<DetectorInfo> detectors;
  detectors.push_back({"probe", "test", "test probe", "none", InputShape::kSeries, {}, run});
  detectors.push_back({"probe_cross", "test", "test probe", "none", InputShape::kCrossSection, {}, run});
  detectors.push_back({"thrower", "test", "throws", "none", InputShape::kSeries, {},
                       [](const DetectorInput&, const ParamValues&) -> Result<DetectorOutcome> {
                         throw std::runtime_error("matrix not positive definite");
                       }});
  detectors.push_back(*DetectorRegistry::Builtin().Find("pelt"));
  return DetectorRegistry(std::move(detectors));
}

Finding ProbeFinding(const DetectorInput& input, std::size_t index, std::optional<double> p_value,
                     double effect_sd) {
  Finding finding;
  finding.detector = "probe";
  finding.kind = "blip";
  finding.indicator = input.series.indicator;
  finding.unit = input.series.unit;
  finding.index = index;
  finding.period = input.series.Label(index);
  finding.effect_sd = effect_sd;
  finding.statistic_name = "z";
  finding.statistic = effect_sd;
  finding.p_value = p_value;
  finding.questions = {"Was anything booked differently?"};
  return finding;
}

}  // namespace kpiwatch::testing
