// Every registered detector, with its default parameters, on the simulated "werkplein"
// scenario: recall of the injected effects and findings on the clean controls.
//
// The scenario goes through its files (catalogue.yaml, observations.csv, samples.csv,
// truth.json) and the project's parsers, and every input is built by BuildDetectorInput,
// exactly as `kpiwatch simulate` output would be used. Detectors run on the inputs their
// shape fits: series-shaped ones on every (indicator, unit); cross-section ones on each
// indicator's whole cross-section and, where the indicator has event samples, per unit.
// A finding matches an effect when the detector, indicator and unit agree and its period
// or window lies within kToleranceMonths of the effect's.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>

#include "detectors/core/registry.h"
#include "rules/evaluation/detector_input.h"
#include "rules/formats/catalogue_parser.h"
#include "rules/formats/csv_reader.h"
#include "rules/formats/observation_parser.h"
#include "rules/simulation/scenario.h"
#include "rules/simulation/scenario_files.h"
#include "rules/simulation/truth_json.h"
#include "tests/support/temp_dir.h"

namespace kpiwatch {
namespace {

using simulation::CleanControl;
using simulation::InjectedEffect;
using simulation::kAllUnits;

// The seed; KPIWATCH_WERKPLEIN_SEED replays another one. KPIWATCH_WERKPLEIN_VERBOSE=1
// prints every finding with its explanation.
std::uint64_t Seed() {
  const char* text = std::getenv("KPIWATCH_WERKPLEIN_SEED");
  return text == nullptr ? 20250101 : std::strtoull(text, nullptr, 10);
}
bool Verbose() { return std::getenv("KPIWATCH_WERKPLEIN_VERBOSE") != nullptr; }
constexpr std::int64_t kToleranceMonths = 3;

// The scenario as read back from its files.
struct LoadedScenario {
  Catalogue catalogue;
  std::vector<Observation> observations;
  std::vector<Sample> samples;
  simulation::Scenario truth;
};

std::vector<Sample> ParseSamples(const std::string& text) {
  std::vector<Sample> samples;
  Result<CsvTable> table = ReadCsv(text, {}, "samples.csv");
  EXPECT_TRUE(table.ok()) << table.status().ToString();
  if (!table.ok()) return samples;
  EXPECT_EQ(table->header, (std::vector<std::string>{"indicator", "unit", "period", "value"}));
  for (const std::vector<std::string>& row : table->rows) {
    Result<Period> period = Period::Parse(row[2]);
    Result<double> value = ParseDecimal(row[3], false);
    EXPECT_TRUE(period.ok() && value.ok()) << row[2] << " " << row[3];
    if (period.ok() && value.ok()) samples.push_back({row[0], row[1], *period, *value});
  }
  return samples;
}

LoadedScenario LoadWerkplein() {
  testing::TempDir dir;
  Result<simulation::Scenario> built = simulation::BuildScenario("werkplein", Seed());
  EXPECT_TRUE(built.ok());
  EXPECT_TRUE(simulation::WriteScenarioFiles(*built, dir.path()).ok());

  LoadedScenario loaded;
  std::string yaml = testing::ReadFile(dir / "catalogue.yaml");
  Result<Catalogue> catalogue = ParseCatalogueYaml(yaml, "catalogue.yaml");
  EXPECT_TRUE(catalogue.ok()) << RenderErrorsWithSource(catalogue.status(), yaml);
  if (catalogue.ok()) loaded.catalogue = *catalogue;
  ParseOptions options;
  options.format = ObservationFormat::kCsv;
  options.file_name = "observations.csv";
  Result<ObservationBatch> batch =
      ParseObservations(testing::ReadFile(dir / "observations.csv"), options);
  EXPECT_TRUE(batch.ok()) << batch.status().ToString();
  if (batch.ok()) loaded.observations = batch->rows;
  loaded.samples = ParseSamples(testing::ReadFile(dir / "samples.csv"));
  Result<simulation::Scenario> truth = simulation::ParseTruthJson(testing::ReadFile(dir / "truth.json"));
  EXPECT_TRUE(truth.ok()) << truth.status().ToString();
  if (truth.ok()) loaded.truth = *truth;
  return loaded;
}

// One detector run on one input.
struct DetectorRun {
  const DetectorInfo* detector = nullptr;
  std::string indicator;
  std::string unit;  // kAllUnits for a whole cross-section
  Result<DetectorOutcome> outcome = Status::Internal("not run");
};

std::vector<DetectorRun> RunEveryDetector(const LoadedScenario& scenario) {
  DetectorData data;
  data.catalogue = &scenario.catalogue;
  data.observations = scenario.observations;
  data.samples = scenario.samples;
  data.as_of = scenario.truth.as_of;
  std::set<std::string> with_samples;
  for (const Sample& sample : scenario.samples) with_samples.insert(sample.indicator);

  std::vector<DetectorRun> runs;
  for (const DetectorInfo& detector : DetectorRegistry::Builtin().detectors()) {
    for (const auto& [indicator, declared] : scenario.catalogue.indicators()) {
      std::vector<std::string> units;
      bool cross_section = detector.shape == InputShape::kCrossSection;
      if (cross_section) units.push_back("");
      if (!cross_section || with_samples.count(indicator)) {
        for (const std::string& unit : UnitsOf(scenario.observations, indicator)) units.push_back(unit);
      }
      for (const std::string& unit : units) {
        DetectorRun run{&detector, indicator, unit.empty() ? std::string(kAllUnits) : unit};
        Result<DetectorInput> input = BuildDetectorInput(data, indicator, unit, detector);
        if (!input.ok()) {
          run.outcome = input.status();
        } else {
          run.outcome = DetectorRegistry::Builtin().Run(detector.name, *input, {});
        }
        if (Verbose() && run.outcome.ok() && !run.outcome->reason.empty()) {
          std::printf("OUTCOME %s %s/%s %s: %s\n", detector.name.c_str(), indicator.c_str(),
                      run.unit.c_str(), ApplicabilityName(run.outcome->applicability),
                      run.outcome->reason.c_str());
        }
        if (Verbose() && run.outcome.ok()) {
          for (const Finding& finding : run.outcome->findings) {
            std::printf("FINDING %s %s/%s %s [%s..%s]: %s\n", detector.name.c_str(),
                        indicator.c_str(), run.unit.c_str(), finding.period.c_str(),
                        finding.window_begin_period.c_str(), finding.window_end_period.c_str(),
                        finding.explanation.c_str());
          }
        }
        runs.push_back(std::move(run));
      }
    }
  }
  return runs;
}

// The months a finding concerns: its period and window, as far as they parse.
std::optional<std::pair<Period, Period>> FindingSpan(const Finding& finding) {
  std::optional<std::pair<Period, Period>> span;
  for (const std::string& label :
       {finding.period, finding.window_begin_period, finding.window_end_period}) {
    Result<Period> period = Period::Parse(label);
    if (!period.ok() || period->cadence() != Cadence::kMonth) continue;
    if (!span) span = std::pair{*period, *period};
    span->first = std::min(span->first, *period);
    span->second = std::max(span->second, *period);
  }
  return span;
}

bool Matches(const DetectorRun& run, const Finding& finding, const InjectedEffect& effect,
             const std::string& detector_name) {
  if (run.detector->name != detector_name || run.indicator != effect.indicator) return false;
  if (effect.unit != kAllUnits && run.unit != effect.unit) return false;
  std::optional<std::pair<Period, Period>> span = FindingSpan(finding);
  if (!span) return true;  // no period to compare: the series is what counts
  return span->first <= effect.end.Next(kToleranceMonths) &&
         span->second >= effect.begin.Next(-kToleranceMonths);
}

// Whether `detector_name` found `effect` in any run.
bool Found(const std::vector<DetectorRun>& runs, const InjectedEffect& effect,
           const std::string& detector_name) {
  for (const DetectorRun& run : runs) {
    if (!run.outcome.ok()) continue;
    for (const Finding& finding : run.outcome->findings) {
      if (Matches(run, finding, effect, detector_name)) return true;
    }
  }
  return false;
}

class WerkpleinScenarioTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scenario_ = new LoadedScenario(LoadWerkplein());
    runs_ = new std::vector<DetectorRun>(RunEveryDetector(*scenario_));
  }
  static void TearDownTestSuite() {
    delete runs_;
    delete scenario_;
  }
  static LoadedScenario* scenario_;
  static std::vector<DetectorRun>* runs_;
};
LoadedScenario* WerkpleinScenarioTest::scenario_ = nullptr;
std::vector<DetectorRun>* WerkpleinScenarioTest::runs_ = nullptr;

TEST_F(WerkpleinScenarioTest, TheScenarioReadsBackFromItsFiles) {
  EXPECT_EQ(scenario_->catalogue.size(), 12u);
  EXPECT_GT(scenario_->observations.size(), 5000u);
  EXPECT_GT(scenario_->samples.size(), 10000u);
  EXPECT_EQ(scenario_->truth.effects.size(), 11u);
  EXPECT_FALSE(scenario_->truth.clean_controls.empty());
}

TEST_F(WerkpleinScenarioTest, EveryDetectorRunsWithoutErrorOnValidInput) {
  for (const DetectorRun& run : *runs_) {
    EXPECT_TRUE(run.outcome.ok()) << run.detector->name << " on " << run.indicator << "/"
                                  << run.unit << ": " << run.outcome.status().ToString();
  }
}

TEST_F(WerkpleinScenarioTest, RegisteredDetectorsFindTheEffectsMeantForThem) {
  const DetectorRegistry& registry = DetectorRegistry::Builtin();
  std::printf("\nRecall of the injected effects (seed %llu, default parameters)\n",
              static_cast<unsigned long long>(Seed()));
  std::printf("%-28s %-34s %-11s %-19s %-6s %s\n", "effect", "indicator", "unit", "detector",
              "found", "also found by");
  for (const InjectedEffect& effect : scenario_->truth.effects) {
    bool registered = registry.Find(effect.detector) != nullptr;
    bool found = registered && Found(*runs_, effect, effect.detector);
    std::string others;
    for (const std::string& name : effect.other_detectors) {
      if (registry.Find(name) == nullptr) {
        others += name + "(not registered) ";
      } else {
        others += name + (Found(*runs_, effect, name) ? "(yes) " : "(no) ");
      }
    }
    std::printf("%-28s %-34s %-11s %-19s %-6s %s\n", effect.effect.c_str(),
                effect.indicator.c_str(), effect.unit.c_str(), effect.detector.c_str(),
                registered ? (found ? "yes" : "NO") : "n/reg", others.c_str());
    if (registered) {
      EXPECT_TRUE(found) << effect.detector << " did not find " << effect.effect << " in "
                         << effect.indicator << "/" << effect.unit;
    }
  }
}

TEST_F(WerkpleinScenarioTest, FindingsOnTheCleanControlsArePrinted) {
  std::set<std::pair<std::string, std::string>> clean;
  for (const CleanControl& control : scenario_->truth.clean_controls) {
    clean.insert({control.indicator, control.unit});
  }
  struct Tally {
    int runs = 0, applicable = 0, with_findings = 0;
    std::string where;
  };
  std::map<std::string, Tally> tally;
  for (const DetectorRun& run : *runs_) {
    if (!clean.count({run.indicator, run.unit}) || !run.outcome.ok()) continue;
    Tally& entry = tally[run.detector->name];
    ++entry.runs;
    if (run.outcome->applicability != Applicability::kApplicable) continue;
    ++entry.applicable;
    if (run.outcome->findings.empty()) continue;
    ++entry.with_findings;
    entry.where += run.indicator + "/" + run.unit + " ";
  }
  std::printf("\nFindings on clean controls (%zu clean series and cross-sections)\n", clean.size());
  std::printf("%-19s %5s %10s %13s  %s\n", "detector", "runs", "applicable", "with findings",
              "where");
  for (const auto& [name, entry] : tally) {
    std::printf("%-19s %5d %10d %13d  %s\n", name.c_str(), entry.runs, entry.applicable,
                entry.with_findings, entry.where.c_str());
  }
  EXPECT_FALSE(tally.empty() && !DetectorRegistry::Builtin().detectors().empty());
}

}  // namespace
}  // namespace kpiwatch
