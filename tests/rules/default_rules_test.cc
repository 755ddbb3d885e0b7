#include "rules/evaluation/default_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "rules/formats/catalogue_parser.h"
#include "rules/formats/rule_parser.h"
#include "rules/simulation/werkplein_catalogue.h"

namespace kpiwatch {
namespace {

// Detectors deliberately not in the default rules; docs/rules.md says why for each.
const std::set<std::string> kLeftOut = {"binseg", "bocpd"};

Result<ParsedRules> ParseDefaults(const Catalogue* catalogue) {
  return ParseRulesYaml(DefaultRulesYaml(), "default_rules.yaml", DetectorRegistry::Builtin(),
                        catalogue);
}

TEST(DefaultRulesTest, ParseWithoutErrorsAgainstTheBuiltinRegistry) {
  Result<ParsedRules> parsed = ParseDefaults(nullptr);
  ASSERT_TRUE(parsed.ok()) << RenderErrorsWithSource(parsed.status(), DefaultRulesYaml());
  EXPECT_THAT(parsed->warnings, ::testing::IsEmpty());
  EXPECT_GE(parsed->rules.rules.size(), 15u);
}

TEST(DefaultRulesTest, EveryRuleSelectsSomethingOfTheWerkpleinCatalogue) {
  Catalogue werkplein(simulation::WerkpleinIndicators());
  Result<ParsedRules> parsed = ParseDefaults(&werkplein);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  std::vector<std::string> warnings;
  for (const ErrorDetail& warning : parsed->warnings) warnings.push_back(warning.ToString());
  EXPECT_THAT(warnings, ::testing::IsEmpty());
}

TEST(DefaultRulesTest, EveryDetectorIsUsedOrDeliberatelyLeftOut) {
  Result<ParsedRules> parsed = ParseDefaults(nullptr);
  ASSERT_TRUE(parsed.ok());
  std::set<std::string> used;
  for (const Rule& rule : parsed->rules.rules) used.insert(rule.detector);
  for (const std::string& name : DetectorRegistry::Builtin().Names()) {
    EXPECT_NE(used.count(name) + kLeftOut.count(name), 0u)
        << name << " is neither used nor left out";
    EXPECT_FALSE(used.count(name) != 0 && kLeftOut.count(name) != 0) << name << " is both";
  }
  for (const std::string& name : kLeftOut) {
    EXPECT_NE(DetectorRegistry::Builtin().Find(name), nullptr) << name << " is not a detector";
  }
}

TEST(DefaultRulesTest, ClockDetectorsRunDailyAndTrustRulesAreInfo) {
  Result<ParsedRules> parsed = ParseDefaults(nullptr);
  ASSERT_TRUE(parsed.ok());
  for (const Rule& rule : parsed->rules.rules) {
    const DetectorInfo* info = DetectorRegistry::Builtin().Find(rule.detector);
    ASSERT_NE(info, nullptr);
    bool daily = rule.when.kind == RuleSchedule::Kind::kDaily;
    EXPECT_EQ(daily, info->shape == InputShape::kClock) << rule.name;
    if (info->family == "trust") {
      EXPECT_EQ(rule.severity, Severity::kInfo) << rule.name;
    } else if (info->family == "gaming") {
      EXPECT_EQ(rule.severity, Severity::kWarning) << rule.name;
    }
    EXPECT_FALSE(rule.notify.empty()) << rule.name;
  }
}

// The share of 2,000 seeded Normal(0, 1) series of 36 periods, with `shift` added to the
// last 6, on which the rule's detector finds anything.
double AlarmShare(const Rule& rule, double shift) {
  std::mt19937_64 engine(20261202);
  std::normal_distribution<double> noise(0.0, 1.0);
  int alarmed = 0;
  const int kSeries = 2000;
  for (int i = 0; i < kSeries; ++i) {
    DetectorInput input;
    input.series.values.resize(36);
    for (std::size_t t = 0; t < 36; ++t)
      input.series.values[t] = noise(engine) + (t >= 30 ? shift : 0.0);
    Result<DetectorOutcome> outcome =
        DetectorRegistry::Builtin().Run(rule.detector, input, rule.params);
    EXPECT_TRUE(outcome.ok()) << outcome.status().ToString();
    alarmed += outcome.ok() && !outcome->findings.empty() ? 1 : 0;
  }
  return static_cast<double>(alarmed) / kSeries;
}

// The default cusum rule watches the last 36 periods with h = 10: on stationary noise it
// should rarely alarm (with the detector's defaults on 500 rows it alarms on ~80%), yet
// still see a 2 sd shift in the last 6 periods about half the time.
TEST(DefaultRulesTest, RecentDriftRarelyAlarmsOnStationaryNoiseAndSeesShifts) {
  Result<ParsedRules> parsed = ParseDefaults(nullptr);
  ASSERT_TRUE(parsed.ok());
  const Rule* rule = parsed->rules.Find("recent-drift");
  ASSERT_NE(rule, nullptr);
  ASSERT_EQ(rule->detector, "cusum");
  ASSERT_EQ(rule->window_periods, 36);
  double false_alarms = AlarmShare(*rule, 0.0);
  double power = AlarmShare(*rule, 2.0);
  std::printf(
      "recent-drift on 36 periods: %.1f%% alarmed without a shift, %.1f%% with 2 sd in the last "
      "6\n",
      100 * false_alarms, 100 * power);
  EXPECT_LT(false_alarms, 0.02);
  EXPECT_GT(power, 0.4);
}

}  // namespace
}  // namespace kpiwatch
