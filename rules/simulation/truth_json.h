// truth.json: the ground truth of a simulated scenario, written by `kpiwatch simulate`
// and read back by the accuracy tests.
//
// Format (docs/simulation.md):
//   {"scenario": "werkplein", "seed": 7, "first_period": "2019-01",
//    "last_period": "2025-12", "as_of": "2026-01-31T00:00:00Z",
//    "effects": [{"effect", "detector", "other_detectors": [..], "indicator", "unit",
//                 "period" (single period) or "window": {"begin", "end"},
//                 "description"}, ...],
//    "clean_controls": [{"indicator", "unit"}, ...]}
// unit "*" means every unit of the indicator (a cross-section).
#pragma once

#include <string>
#include <string_view>

#include "detectors/core/status.h"
#include "rules/simulation/scenario.h"

namespace kpiwatch::simulation {

// The truth file of `scenario` (its effects, clean controls and time frame), indented.
std::string TruthJson(const Scenario& scenario);

// Reads a truth file into a Scenario holding only name, seed, first, last, as_of,
// effects and clean_controls. InvalidArgument naming the field on malformed input.
Result<Scenario> ParseTruthJson(std::string_view text);

}  // namespace kpiwatch::simulation
