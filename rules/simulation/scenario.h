// Simulated scenarios: an indicator catalogue with observations, event samples and the
// ground truth of every effect injected into otherwise clean series.
//
// Used by `kpiwatch simulate`, `make demo` and the accuracy tests, which check that each
// detector finds the effects meant for it and stays quiet on the clean controls.
// Deterministic: a scenario is a function of its name and seed (std::mt19937_64 seeded
// once; no global random state). The draws come from the standard library's
// distributions, so the same seed gives the same files with the same standard library.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "detectors/core/period.h"
#include "detectors/core/status.h"
#include "rules/domain/indicator.h"
#include "rules/domain/observation.h"
#include "rules/domain/sample.h"

namespace kpiwatch::simulation {

// Marks a truth entry that concerns every unit of the indicator (a cross-section).
inline constexpr std::string_view kAllUnits = "*";

// One injected effect: what was done, where, and which detector should find it.
struct InjectedEffect {
  std::string effect;    // e.g. "bunching", "december_spike", "stale_series"
  std::string detector;  // registry name of the detector meant to find it
  std::vector<std::string> other_detectors;  // other detectors that may also find it
  std::string indicator;
  std::string unit;      // a unit id, or kAllUnits
  Period begin;          // first period affected
  Period end;            // last period affected (== begin for a single period)
  std::string description;  // what was injected, with the sizes
};

// A series (or, with unit kAllUnits, a cross-section) without any injected effect:
// detectors should not report anything there.
struct CleanControl {
  std::string indicator;
  std::string unit;
};

struct Scenario {
  std::string name;
  std::uint64_t seed = 0;
  Period first;  // first period of the scenario
  Period last;   // last period; a stale series ends earlier
  // "Now" for clock-based detectors: one month after the last period ended.
  std::chrono::sys_seconds as_of{};
  std::vector<Indicator> indicators;
  std::vector<Observation> observations;  // sorted by indicator, unit, period
  std::vector<Sample> samples;            // sorted by indicator, unit, period
  std::vector<InjectedEffect> effects;
  std::vector<CleanControl> clean_controls;
};

// The scenarios BuildScenario knows, e.g. {"werkplein"}.
std::vector<std::string> ScenarioNames();

// Builds the named scenario. InvalidArgument for an unknown name (listing the known ones).
Result<Scenario> BuildScenario(std::string_view name, std::uint64_t seed);

}  // namespace kpiwatch::simulation
