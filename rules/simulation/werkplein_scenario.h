// The "werkplein" scenario: six fictitious municipalities of a Dutch regional
// social-domain organisation, monthly 2019-01 .. 2025-12, twelve indicators, and eleven
// injected effects (see docs/simulation.md for each indicator and effect).
#pragma once

#include <cstdint>

#include "rules/simulation/scenario.h"

namespace kpiwatch::simulation {

Scenario BuildWerkpleinScenario(std::uint64_t seed);

}  // namespace kpiwatch::simulation
