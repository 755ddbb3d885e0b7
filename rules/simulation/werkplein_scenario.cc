#include "rules/simulation/werkplein_scenario.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <tuple>

#include "rules/simulation/werkplein_draft.h"

namespace kpiwatch::simulation {
namespace {

void AddObservations(const WerkpleinDraft& draft, Scenario& scenario) {
  for (const auto& [key, series] : draft.series()) {
    for (std::size_t i = 0; i < series.reported; ++i) {
      Observation row;
      row.indicator = key.first;
      row.unit = key.second;
      row.period = draft.periods()[i];
      row.value = series.values[i];
      if (!series.n.empty()) row.n = series.n[i];
      row.source = "simulate:" + scenario.name;
      scenario.observations.push_back(std::move(row));
    }
  }
}

// Every series no effect touched, then every indicator none of whose units was touched
// (as a cross-section, unit kAllUnits).
void AddCleanControls(const WerkpleinDraft& draft, Scenario& scenario) {
  std::map<std::string, bool> indicator_clean;
  for (const auto& [key, series] : draft.series()) {
    bool clean = !draft.IsTouched(key.first, key.second);
    if (clean) scenario.clean_controls.push_back({key.first, key.second});
    auto [entry, inserted] = indicator_clean.emplace(key.first, clean);
    if (!inserted) entry->second = entry->second && clean;
  }
  for (const auto& [indicator, clean] : indicator_clean) {
    if (clean) scenario.clean_controls.push_back({indicator, std::string(kAllUnits)});
  }
}

}  // namespace

Scenario BuildWerkpleinScenario(std::uint64_t seed) {
  WerkpleinDraft draft(seed);
  AddWorkSeries(draft);
  AddDebtSeries(draft);
  AddFraudSeries(draft);
  AddProcessingTimeSeries(draft);

  Scenario scenario;
  scenario.name = "werkplein";
  scenario.seed = seed;
  scenario.first = draft.periods().front();
  scenario.last = draft.periods().back();
  scenario.as_of = std::chrono::sys_seconds(scenario.last.last_day() + std::chrono::days(31));
  scenario.indicators = WerkpleinIndicators();
  AddObservations(draft, scenario);
  scenario.samples = draft.samples();
  std::stable_sort(scenario.samples.begin(), scenario.samples.end(),
                   [](const Sample& a, const Sample& b) {
                     return std::tie(a.indicator, a.unit, a.period) <
                            std::tie(b.indicator, b.unit, b.period);
                   });
  scenario.effects = draft.effects();
  AddCleanControls(draft, scenario);
  return scenario;
}

}  // namespace kpiwatch::simulation
