// Writing a simulated scenario as files: catalogue.yaml, observations.csv, samples.csv
// and truth.json (see docs/simulation.md for each format).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "detectors/core/status.h"
#include "rules/domain/indicator.h"
#include "rules/domain/observation.h"
#include "rules/domain/sample.h"
#include "rules/simulation/scenario.h"

namespace kpiwatch::simulation {

// The catalogue as YAML with a top-level `indicators:` list, one entry per indicator
// with every field that is set (the format ParseCatalogueYaml reads).
std::string CatalogueYaml(const std::vector<Indicator>& indicators);

// CSV with header `indicator,unit,period,value,n`; n empty where a row has none.
std::string ObservationsCsv(const std::vector<Observation>& observations);

// CSV with header `indicator,unit,period,value`.
std::string SamplesCsv(const std::vector<Sample>& samples);

// A number in its shortest exact text form: 62.3, 7, 1234.5.
std::string FormatNumber(double value);

// Writes the four files into `directory`, creating it when needed. IoError naming the
// file when one cannot be written.
Status WriteScenarioFiles(const Scenario& scenario, const std::filesystem::path& directory);

}  // namespace kpiwatch::simulation
