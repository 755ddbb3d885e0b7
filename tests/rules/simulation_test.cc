// The werkplein scenario: deterministic per seed, every injected effect in the truth file
// and visible in the data, clean controls untouched, and files the parsers read back.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "rules/formats/catalogue_parser.h"
#include "rules/formats/observation_parser.h"
#include "rules/simulation/scenario.h"
#include "rules/simulation/scenario_files.h"
#include "rules/simulation/truth_json.h"
#include "rules/simulation/werkplein_catalogue.h"
#include "tests/support/temp_dir.h"

namespace kpiwatch::simulation {
namespace {

using namespace werkplein;  // NOLINT: the scenario's indicator ids

Scenario Werkplein(std::uint64_t seed) {
  Result<Scenario> scenario = BuildScenario("werkplein", seed);
  EXPECT_TRUE(scenario.ok()) << scenario.status().ToString();
  return std::move(scenario).value();
}

Period Month(const char* text) { return Period::Parse(text, Cadence::kMonth).value(); }

// value by period of one series.
std::map<Period, double> SeriesOf(const Scenario& scenario, const std::string& indicator,
                                  const std::string& unit) {
  std::map<Period, double> series;
  for (const Observation& row : scenario.observations) {
    if (row.indicator == indicator && row.unit == unit) series[row.period] = row.value;
  }
  return series;
}

// Mean of a series over [begin, end].
double MeanOver(const std::map<Period, double>& series, const char* begin, const char* end) {
  double sum = 0;
  int count = 0;
  for (auto it = series.lower_bound(Month(begin)); it != series.upper_bound(Month(end)); ++it) {
    sum += it->second;
    ++count;
  }
  return count == 0 ? NAN : sum / count;
}

TEST(SimulationTest, SameSeedGivesIdenticalFiles) {
  Scenario first = Werkplein(42);
  Scenario second = Werkplein(42);
  EXPECT_EQ(ObservationsCsv(first.observations), ObservationsCsv(second.observations));
  EXPECT_EQ(SamplesCsv(first.samples), SamplesCsv(second.samples));
  EXPECT_EQ(CatalogueYaml(first.indicators), CatalogueYaml(second.indicators));
  EXPECT_EQ(TruthJson(first), TruthJson(second));
}

TEST(SimulationTest, DifferentSeedsGiveDifferentData) {
  Scenario first = Werkplein(1);
  Scenario second = Werkplein(2);
  EXPECT_NE(ObservationsCsv(first.observations), ObservationsCsv(second.observations));
  EXPECT_NE(SamplesCsv(first.samples), SamplesCsv(second.samples));
  // The design (catalogue, effects) does not depend on the seed.
  EXPECT_EQ(CatalogueYaml(first.indicators), CatalogueYaml(second.indicators));
  EXPECT_EQ(first.effects.size(), second.effects.size());
}

TEST(SimulationTest, UnknownScenarioIsAnErrorListingTheKnownOnes) {
  Result<Scenario> scenario = BuildScenario("gemeente", 1);
  ASSERT_FALSE(scenario.ok());
  EXPECT_EQ(scenario.status().message(), "unknown scenario 'gemeente' (known: werkplein)");
}

TEST(SimulationTest, TheTruthListsEveryInjectedEffectOnce) {
  Scenario scenario = Werkplein(7);
  std::map<std::string, std::string> detector_of;
  for (const InjectedEffect& effect : scenario.effects) {
    EXPECT_TRUE(detector_of.emplace(effect.effect, effect.detector).second) << effect.effect;
    EXPECT_LE(effect.begin, effect.end) << effect.effect;
    EXPECT_GE(effect.begin, scenario.first) << effect.effect;
    EXPECT_LE(effect.end, scenario.last) << effect.effect;
    EXPECT_FALSE(effect.description.empty()) << effect.effect;
  }
  std::map<std::string, std::string> expected = {
      {"bunching", "threshold_bunching"},
      {"target_hugging", "target_hugging"},
      {"december_spike", "period_end_spike"},
      {"invented_amounts", "benford"},
      {"too_smooth_rate", "underdispersion"},
      {"shrinking_denominator", "denominator_shift"},
      {"divergent_counter_indicator", "paired_divergence"},
      {"level_shift", "pelt"},
      {"outlier", "outlier"},
      {"stale_series", "staleness"},
      {"proxy_decoupling", "proxy_drift"},
  };
  EXPECT_EQ(detector_of, expected);
}

TEST(SimulationTest, EffectsAndControlsReferToDeclaredIndicatorsAndExistingSeries) {
  Scenario scenario = Werkplein(7);
  std::set<std::string> indicators;
  for (const Indicator& indicator : scenario.indicators) indicators.insert(indicator.id);
  std::set<std::pair<std::string, std::string>> series;
  for (const Observation& row : scenario.observations) series.insert({row.indicator, row.unit});
  EXPECT_EQ(series.size(), indicators.size() * WerkpleinUnits().size());

  std::set<std::pair<std::string, std::string>> affected;
  for (const InjectedEffect& effect : scenario.effects) {
    EXPECT_TRUE(indicators.count(effect.indicator)) << effect.indicator;
    if (effect.unit != kAllUnits) {
      EXPECT_TRUE(series.count({effect.indicator, effect.unit})) << effect.unit;
    }
    affected.insert({effect.indicator, effect.unit});
  }
  for (const CleanControl& control : scenario.clean_controls) {
    EXPECT_FALSE(affected.count({control.indicator, control.unit}))
        << control.indicator << "/" << control.unit;
    EXPECT_FALSE(affected.count({control.indicator, std::string(kAllUnits)}));
  }
  // The counterpart of the divergent pair and the shrinking denominator are not clean.
  for (const CleanControl& control : scenario.clean_controls) {
    EXPECT_FALSE(control.indicator == kDuurzaamWerk && control.unit == "brakelo");
    EXPECT_FALSE(control.indicator == kDeelnemersTraject && control.unit == "dalstede");
  }
  EXPECT_GE(scenario.clean_controls.size(), 40u);
}

TEST(SimulationTest, TruthFileRoundTrips) {
  Scenario scenario = Werkplein(9);
  Result<Scenario> truth = ParseTruthJson(TruthJson(scenario));
  ASSERT_TRUE(truth.ok()) << truth.status().ToString();
  EXPECT_EQ(truth->name, "werkplein");
  EXPECT_EQ(truth->seed, 9u);
  EXPECT_EQ(truth->first, Month("2019-01"));
  EXPECT_EQ(truth->last, Month("2025-12"));
  EXPECT_EQ(truth->as_of, scenario.as_of);
  ASSERT_EQ(truth->effects.size(), scenario.effects.size());
  for (std::size_t i = 0; i < scenario.effects.size(); ++i) {
    EXPECT_EQ(truth->effects[i].effect, scenario.effects[i].effect);
    EXPECT_EQ(truth->effects[i].detector, scenario.effects[i].detector);
    EXPECT_EQ(truth->effects[i].other_detectors, scenario.effects[i].other_detectors);
    EXPECT_EQ(truth->effects[i].unit, scenario.effects[i].unit);
    EXPECT_EQ(truth->effects[i].begin, scenario.effects[i].begin);
    EXPECT_EQ(truth->effects[i].end, scenario.effects[i].end);
  }
  EXPECT_EQ(truth->clean_controls.size(), scenario.clean_controls.size());
  EXPECT_EQ(TruthJson(scenario).find("\"as_of\": \"2026-01-31T00:00:00Z\"") != std::string::npos,
            true);
}

TEST(SimulationTest, MalformedTruthFileNamesTheField) {
  Result<Scenario> truth = ParseTruthJson(R"({"scenario": "werkplein", "seed": 1})");
  ASSERT_FALSE(truth.ok());
  EXPECT_EQ(truth.status().message(), "first_period: expected a string");
}

TEST(SimulationTest, TheInjectedEffectsAreVisibleInTheData) {
  Scenario s = Werkplein(7);
  // Stale: holtmeer's survey ends with 2025-04; the other units report to 2025-12.
  EXPECT_EQ(SeriesOf(s, kTevredenheid, "holtmeer").rbegin()->first, Month("2025-04"));
  EXPECT_EQ(SeriesOf(s, kTevredenheid, "aarveen").rbegin()->first, Month("2025-12"));
  // Hugging: eemwolde never below 7 once the target applies, and hardly above 7.2.
  auto hugging = SeriesOf(s, kTevredenheid, "eemwolde");
  for (auto it = hugging.lower_bound(Month("2021-01")); it != hugging.end(); ++it) {
    EXPECT_GE(it->second, 7.0);
    EXPECT_LE(it->second, 7.6);
  }
  // December push in aarveen's fraud recovered.
  auto fraud = SeriesOf(s, kFraudeTeruggevorderd, "aarveen");
  EXPECT_GT(fraud[Month("2025-12")], 2.0 * MeanOver(fraud, "2025-01", "2025-11"));
  // Shrinking denominator and the rate it lifts in dalstede.
  auto participants = SeriesOf(s, kDeelnemersTraject, "dalstede");
  EXPECT_LT(MeanOver(participants, "2025-04", "2025-12"),
            0.8 * MeanOver(participants, "2023-01", "2024-12"));
  auto rate = SeriesOf(s, kPlaatsingsgraad, "dalstede");
  EXPECT_GT(MeanOver(rate, "2025-04", "2025-12"), 1.25 * MeanOver(rate, "2023-01", "2024-12"));
  // Divergence in brakelo: outflow up, lasting work down.
  auto outflow = SeriesOf(s, kUitstroomWerk, "brakelo");
  auto lasting = SeriesOf(s, kDuurzaamWerk, "brakelo");
  EXPECT_GT(MeanOver(outflow, "2024-01", "2025-12"), 1.2 * MeanOver(outflow, "2022-01", "2023-12"));
  EXPECT_LT(MeanOver(lasting, "2024-01", "2025-12"), MeanOver(lasting, "2022-01", "2023-12") - 8);
  // Level shift in eemwolde's intake, outlier in lindewaard's.
  auto intake = SeriesOf(s, kAanmeldingen, "eemwolde");
  EXPECT_GT(MeanOver(intake, "2022-04", "2023-12"), 1.3 * MeanOver(intake, "2019-01", "2022-03"));
  auto outlier = SeriesOf(s, kAanmeldingen, "lindewaard");
  EXPECT_GT(outlier[Month("2023-09")], 2.0 * MeanOver(outlier, "2023-01", "2023-08"));
  // Proxy: lindewaard's defaulters per indebted household fall from about 0.42 to 0.23.
  auto defaulters = SeriesOf(s, kWanbetalers, "lindewaard");
  auto debts = SeriesOf(s, kHuishoudensSchulden, "lindewaard");
  EXPECT_NEAR(defaulters[Month("2020-06")] / debts[Month("2020-06")], 0.42, 0.03);
  EXPECT_NEAR(defaulters[Month("2024-06")] / debts[Month("2024-06")], 0.231, 0.03);
}

TEST(SimulationTest, ProcessingTimesBunchJustUnderTheLegalTermInOneUnit) {
  Scenario s = Werkplein(7);
  // Share of decisions just over the 56-day term among those in [50, 62).
  auto share_just_over = [&](const std::string& unit, const char* begin, const char* end) {
    int over = 0, near = 0;
    for (const Sample& sample : s.samples) {
      if (sample.indicator != kDoorlooptijd || sample.unit != unit) continue;
      if (sample.period < Month(begin) || sample.period > Month(end)) continue;
      if (sample.value < 50.0 || sample.value >= 62.0) continue;
      ++near;
      over += sample.value > 56.0;
    }
    return double(over) / near;
  };
  EXPECT_LT(share_just_over("dalstede", "2021-01", "2025-12"),
            0.5 * share_just_over("dalstede", "2019-01", "2020-12"));
  EXPECT_GT(share_just_over("brakelo", "2021-01", "2025-12"), 0.3);
}

TEST(SimulationTest, SomeInventedFraudClaimsAreRoundMultiplesOfFifty) {
  Scenario s = Werkplein(7);
  auto share_round = [&](const std::string& unit, const char* begin) {
    int round = 0, all = 0;
    for (const Sample& sample : s.samples) {
      if (sample.indicator != kFraudeTeruggevorderd || sample.unit != unit) continue;
      if (sample.period < Month(begin)) continue;
      ++all;
      round += std::fmod(sample.value, 50.0) == 0.0;
    }
    return double(round) / all;
  };
  EXPECT_GT(share_round("holtmeer", "2022-01"), 0.5);
  EXPECT_LT(share_round("brakelo", "2019-01"), 0.1);
}

TEST(SimulationTest, TooSmoothRatesVaryFarLessThanTheirCohortsAllow) {
  Scenario s = Werkplein(7);
  // Sum of squared standardised residuals per month against the unit's own mean.
  auto dispersion = [&](const std::string& unit) {
    std::vector<std::pair<double, double>> rows;  // value, n
    for (const Observation& row : s.observations) {
      if (row.indicator == kDuurzaamWerk && row.unit == unit && row.period >= Month("2022-01")) {
        rows.push_back({row.value / 100.0, *row.n});
      }
    }
    double mean = 0;
    for (auto [p, n] : rows) mean += p / double(rows.size());
    double statistic = 0;
    for (auto [p, n] : rows) statistic += (p - mean) * (p - mean) * n / (mean * (1 - mean));
    return statistic / double(rows.size() - 1);
  };
  EXPECT_LT(dispersion("aarveen"), 0.4);
  EXPECT_GT(dispersion("dalstede"), 0.6);
}

TEST(SimulationTest, WritesTheFourFiles) {
  testing::TempDir dir;
  Scenario scenario = Werkplein(3);
  ASSERT_TRUE(WriteScenarioFiles(scenario, dir / "out").ok());
  EXPECT_EQ(testing::ReadFile(dir / "out" / "observations.csv"),
            ObservationsCsv(scenario.observations));
  EXPECT_EQ(testing::ReadFile(dir / "out" / "truth.json"), TruthJson(scenario));
  EXPECT_EQ(testing::ReadFile(dir / "out" / "samples.csv").rfind("indicator,unit,period,value\n", 0),
            0u);
  EXPECT_TRUE(std::filesystem::exists(dir / "out" / "catalogue.yaml"));
}

TEST(SimulationTest, ObservationsHaveEmptyNWhereThereIsNone) {
  Scenario scenario = Werkplein(3);
  std::string csv = ObservationsCsv(scenario.observations);
  EXPECT_EQ(csv.rfind("indicator,unit,period,value,n\n", 0), 0u);
  EXPECT_NE(csv.find("\nwerkplein.tevredenheid,aarveen,2019-01,"), std::string::npos);
  std::size_t line = csv.find("\nwerkplein.tevredenheid,aarveen,2019-01,");
  std::string row = csv.substr(line + 1, csv.find('\n', line + 1) - line - 1);
  EXPECT_EQ(row.back(), ',');
}

// The files read back with the project's parsers (rules/formats).
TEST(SimulationTest, CatalogueAndObservationsParseBack) {
  Scenario scenario = Werkplein(5);
  std::string yaml = CatalogueYaml(scenario.indicators);
  Result<Catalogue> catalogue = ParseCatalogueYaml(yaml, "catalogue.yaml");
  ASSERT_TRUE(catalogue.ok()) << RenderErrorsWithSource(catalogue.status(), yaml);
  ASSERT_EQ(catalogue->size(), scenario.indicators.size());
  for (const Indicator& expected : scenario.indicators) {
    const Indicator* parsed = catalogue->Find(expected.id);
    ASSERT_NE(parsed, nullptr) << expected.id;
    EXPECT_EQ(parsed->name, expected.name);
    EXPECT_EQ(parsed->definition, expected.definition);
    EXPECT_EQ(parsed->unit, expected.unit);
    EXPECT_EQ(parsed->direction, expected.direction);
    EXPECT_EQ(parsed->counter_indicators, expected.counter_indicators);
    EXPECT_EQ(parsed->proxy_for, expected.proxy_for);
    EXPECT_EQ(parsed->numerator, expected.numerator);
    EXPECT_EQ(parsed->denominator, expected.denominator);
    EXPECT_EQ(parsed->labels, expected.labels);
    EXPECT_EQ(parsed->owner_group, expected.owner_group);
    ASSERT_EQ(parsed->target.has_value(), expected.target.has_value()) << expected.id;
    if (expected.target) {
      EXPECT_EQ(parsed->target->value, expected.target->value);
      EXPECT_EQ(parsed->target->comparator, expected.target->comparator);
      EXPECT_EQ(parsed->target->valid_from, expected.target->valid_from);
    }
  }

  ParseOptions options;
  options.format = ObservationFormat::kCsv;
  options.file_name = "observations.csv";
  Result<ObservationBatch> batch = ParseObservations(ObservationsCsv(scenario.observations), options);
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  ASSERT_EQ(batch->rows.size(), scenario.observations.size());
  EXPECT_TRUE(ValidateAgainstCatalogue(*batch, *catalogue, "observations.csv").ok());
  for (std::size_t i = 0; i < batch->rows.size(); i += 97) {
    EXPECT_EQ(batch->rows[i].value, scenario.observations[i].value);
    EXPECT_EQ(batch->rows[i].n, scenario.observations[i].n);
    EXPECT_EQ(batch->rows[i].period, scenario.observations[i].period);
  }
}

}  // namespace
}  // namespace kpiwatch::simulation
