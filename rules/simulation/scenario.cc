#include "rules/simulation/scenario.h"

#include "rules/simulation/werkplein_scenario.h"

namespace kpiwatch::simulation {

std::vector<std::string> ScenarioNames() { return {"werkplein"}; }

Result<Scenario> BuildScenario(std::string_view name, std::uint64_t seed) {
  if (name == "werkplein") return BuildWerkpleinScenario(seed);
  std::string known;
  for (const std::string& scenario : ScenarioNames()) {
    known += (known.empty() ? "" : ", ") + scenario;
  }
  return Status::InvalidArgument("unknown scenario '" + std::string(name) +
                                 "' (known: " + known + ")");
}

}  // namespace kpiwatch::simulation
