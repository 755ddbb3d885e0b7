// Rules, catalogue entries and observations built as C++ values for evaluation tests, and
// a probe detector whose findings a test decides.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "detectors/core/registry.h"
#include "rules/domain/catalogue.h"
#include "rules/domain/observation.h"
#include "rules/domain/rule.h"

namespace kpiwatch::testing {

// A monthly count indicator with a definition, higher is better, no target.
Indicator MonthlyIndicator(const std::string& id);

// A rule running `detector` on the indicators matching `indicator_glob`, on ingest, with
// no thresholds set (tests set what they check).
Rule SimpleRule(const std::string& name, const std::string& detector,
                const std::string& indicator_glob = "*");

// Monthly observations of (indicator, unit) from `first_month` (e.g. "2020-01"), one per
// value; point i is reported at the end of its month plus `report_delay_days`.
std::vector<Observation> MonthlyRows(const std::string& indicator, const std::string& unit,
                                     const std::string& first_month, const std::vector<double>& values,
                                     int report_delay_days = 5);

// The moment a month's data arrive: its last day plus `delay_days`, 09:00 UTC.
std::chrono::sys_seconds ReportTime(const Period& period, int delay_days = 5);

// A detector under a test's control: `findings` decides what it reports for an input;
// every input it sees is kept. Registered as "probe" (series), "probe_cross"
// (cross-section) and "thrower" (throws std::runtime_error), none with parameters.
struct Probe {
  std::function<std::vector<Finding>(const DetectorInput&)> findings =
      [](const DetectorInput&) { return std::vector<Finding>{}; };
  std::vector<DetectorInput> seen;
};

// The probe detectors plus the built-in "pelt". `probe` must outlive the registry.
DetectorRegistry ProbeRegistry(Probe& probe);

// A finding of the probe at row `index` of the input's series.
Finding ProbeFinding(const DetectorInput& input, std::size_t index, std::optional<double> p_value,
                     double effect_sd = 3.0);

}  // namespace kpiwatch::testing
