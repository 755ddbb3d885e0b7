// `kpiwatch simulate --scenario werkplein --seed N --out DIR`: writes a simulated
// scenario (catalogue.yaml, observations.csv, samples.csv, truth.json) for demos,
// backtests and accuracy checks. Offline: needs no daemon.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <iostream>
#include <memory>
#include <string>

#include "client/commands.h"
#include "rules/simulation/scenario.h"
#include "rules/simulation/scenario_files.h"

namespace kpiwatch::client {
namespace {

struct SimulateOptions {
  std::string scenario = "werkplein";
  std::uint64_t seed = 1;
  std::string out;
};

void RunSimulate(const SimulateOptions& options) {
  Result<simulation::Scenario> scenario = simulation::BuildScenario(options.scenario, options.seed);
  if (!scenario.ok()) {
    std::cerr << "kpiwatch simulate: " << scenario.status().ToString() << "\n";
    SetExitCode(2);
    return;
  }
  Status written = simulation::WriteScenarioFiles(*scenario, options.out);
  if (!written.ok()) {
    std::cerr << "kpiwatch simulate: " << written.ToString() << "\n";
    SetExitCode(1);
    return;
  }
  std::cout << "scenario " << scenario->name << " (seed " << scenario->seed << ", "
            << scenario->first.ToString() << " .. " << scenario->last.ToString() << ") written to "
            << options.out << ":\n"
            << "  catalogue.yaml    " << scenario->indicators.size() << " indicators\n"
            << "  observations.csv  " << scenario->observations.size() << " observations\n"
            << "  samples.csv       " << scenario->samples.size() << " samples\n"
            << "  truth.json        " << scenario->effects.size() << " injected effects, "
            << scenario->clean_controls.size() << " clean controls\n";
}

}  // namespace

void RegisterSimulateCommand(CLI::App& app) {
  auto options = std::make_shared<SimulateOptions>();
  CLI::App* command = app.add_subcommand(
      "simulate", "write a simulated scenario with known injected effects (offline)");
  std::string names;
  for (const std::string& name : simulation::ScenarioNames()) {
    names += (names.empty() ? "" : ", ") + name;
  }
  command->add_option("--scenario", options->scenario, "scenario to simulate (" + names + ")")
      ->capture_default_str();
  command->add_option("--seed", options->seed, "random seed; the same seed gives the same files")
      ->capture_default_str();
  command->add_option("--out", options->out, "directory to write the files into")->required();
  command->callback([options] { RunSimulate(*options); });
}

}  // namespace kpiwatch::client
