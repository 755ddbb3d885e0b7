#include "rules/formats/rule_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "rules/formats/catalogue_parser.h"
#include "rules/simulation/werkplein_catalogue.h"

namespace kpiwatch {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// The example of the brief and docs/rules.md.
constexpr std::string_view kExample = R"(rules:
  - name: level-shift
    description: Sudden level shifts in any outflow indicator
    select: {indicators: ["werkplein.uitstroom*"]}
    detector: pelt
    params: {penalty: mbic}
    when: on_ingest
    thresholds: {max_p: 0.01}
    severity: warning
    notify: [controllers]
)";

const Catalogue& Werkplein() {
  static const Catalogue catalogue(simulation::WerkpleinIndicators());
  return catalogue;
}

Result<ParsedRules> Parse(std::string_view yaml, const Catalogue* catalogue = nullptr) {
  return ParseRulesYaml(yaml, "rules.yaml", DetectorRegistry::Builtin(), catalogue);
}

std::vector<std::string> Errors(std::string_view yaml) {
  Result<ParsedRules> parsed = Parse(yaml);
  EXPECT_FALSE(parsed.ok());
  Status status = parsed.status();
  std::vector<std::string> out = {status.message()};
  for (const ErrorDetail& detail : status.details()) out.push_back(detail.ToString());
  return out;
}

std::vector<std::string> Warnings(std::string_view yaml) {
  Result<ParsedRules> parsed = Parse(yaml, &Werkplein());
  EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
  std::vector<std::string> out;
  if (!parsed.ok()) return out;
  for (const ErrorDetail& detail : parsed->warnings) out.push_back(detail.ToString());
  return out;
}

TEST(RuleParserTest, ParsesTheExample) {
  Result<ParsedRules> parsed = Parse(kExample, &Werkplein());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_THAT(parsed->warnings, IsEmpty());
  ASSERT_EQ(parsed->rules.rules.size(), 1u);
  const Rule& rule = parsed->rules.rules[0];
  EXPECT_EQ(rule.name, "level-shift");
  EXPECT_EQ(rule.description, "Sudden level shifts in any outflow indicator");
  EXPECT_THAT(rule.select.indicators, ElementsAre("werkplein.uitstroom*"));
  EXPECT_EQ(rule.detector, "pelt");
  EXPECT_EQ(rule.params, (std::map<std::string, std::string>{{"penalty", "mbic"}}));
  EXPECT_EQ(rule.when.kind, RuleSchedule::Kind::kOnIngest);
  EXPECT_EQ(rule.thresholds.max_p, 0.01);
  EXPECT_FALSE(rule.thresholds.min_effect.has_value());
  EXPECT_EQ(rule.severity, Severity::kWarning);
  EXPECT_THAT(rule.notify, ElementsAre("controllers"));
  EXPECT_EQ(parsed->rules.Find("level-shift"), &parsed->rules.rules[0]);
}

TEST(RuleParserTest, ParsesEveryField) {
  Result<ParsedRules> parsed = Parse(R"(rules:
  - name: all.fields_1
    description: d
    select:
      indicators: [werkplein.tevredenheid]
      labels: [dienstverlening, werk]
      layer: quality
      owner_team: klant
      owner_teams: [werk]
      units: ["gemeente_*"]
      unit_kinds: [score, percent]
    detector: cusum
    params: {h: 8, k: "0.5"}
    when: daily 06:30
    window: 36
    thresholds: {min_effect: 1.5, min_points: 24}
    severity: critical
    notify: [controllers, data-stewards]
    cooldown: 3 periods
    dedup_key: "{indicator}/{unit}/{kind}"
    questions:
      - Who changed the survey?
      - "Is the panel the same: yes or no?"
    fdr: {q: 0.1, scope: all_rules}
)");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  const Rule& rule = parsed->rules.rules.at(0);
  EXPECT_THAT(rule.select.labels, ElementsAre("dienstverlening", "werk"));
  EXPECT_EQ(rule.select.layer, Layer::kQuality);
  EXPECT_THAT(rule.select.owner_teams, ElementsAre("klant", "werk"));
  EXPECT_THAT(rule.select.units, ElementsAre("gemeente_*"));
  EXPECT_THAT(rule.select.unit_kinds, ElementsAre(UnitKind::kScore, UnitKind::kPercent));
  EXPECT_EQ(rule.params, (std::map<std::string, std::string>{{"h", "8"}, {"k", "0.5"}}));
  EXPECT_EQ(rule.when.kind, RuleSchedule::Kind::kDaily);
  EXPECT_EQ(rule.when.minute_of_day, 6 * 60 + 30);
  EXPECT_EQ(rule.window_periods, 36);
  // Given thresholds replace the defaults: no max_p.
  EXPECT_FALSE(rule.thresholds.max_p.has_value());
  EXPECT_EQ(rule.thresholds.min_effect, 1.5);
  EXPECT_EQ(rule.thresholds.min_points, 24);
  EXPECT_EQ(rule.severity, Severity::kCritical);
  EXPECT_EQ(rule.cooldown_periods, 3);
  EXPECT_EQ(rule.dedup_key, "{indicator}/{unit}/{kind}");
  EXPECT_THAT(rule.questions,
              ElementsAre("Who changed the survey?", "Is the panel the same: yes or no?"));
  ASSERT_TRUE(rule.fdr.has_value());
  EXPECT_EQ(rule.fdr->q, 0.1);
  EXPECT_EQ(rule.fdr->scope, FdrControl::Scope::kAllRules);
}

TEST(RuleParserTest, DefaultsOfAMinimalRule) {
  Result<ParsedRules> parsed =
      Parse("rules:\n  - {name: r, detector: gaps, cooldown: 2, window: all}\n");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  const Rule& rule = parsed->rules.rules.at(0);
  EXPECT_EQ(rule.select, RuleSelector{});
  EXPECT_EQ(rule.when, RuleSchedule{});
  EXPECT_FALSE(rule.window_periods.has_value());
  EXPECT_EQ(rule.thresholds, DefaultThresholds());
  EXPECT_EQ(rule.severity, Severity::kWarning);
  EXPECT_EQ(rule.cooldown_periods, 2);
  EXPECT_EQ(rule.dedup_key, "{rule}/{indicator}/{unit}");
  EXPECT_FALSE(rule.fdr.has_value());
  // An empty thresholds map: no thresholds at all; fdr without fields: the defaults.
  parsed = Parse("rules:\n  - {name: r, detector: gaps, thresholds: {}, fdr: {}}\n");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->rules.rules.at(0).thresholds, RuleThresholds{});
  EXPECT_EQ(parsed->rules.rules.at(0).fdr, FdrControl{});
}

TEST(RuleParserTest, EmptyListIsAnEmptyRuleSet) {
  Result<ParsedRules> parsed = Parse("rules: []\n");
  ASSERT_TRUE(parsed.ok());
  EXPECT_THAT(parsed->rules.rules, IsEmpty());
}

TEST(RuleParserTest, ReportsEveryErrorAtOnce) {
  EXPECT_THAT(
      Errors(R"(rules:
  - name: Level Shift
    detectr: pelt
    severity: urgent
    when: hourly
  - name: dup
    detector: pelt2
  - name: dup
    detector: pelt
    params: {penalty: huge, min_segmnt: 3, cost: [mean]}
    window: -1
    cooldown: soon
    thresholds: {max_p: 0, min_effect: -1, min_points: 2.5, max_q: 1}
    fdr: {q: 1, scope: everything}
    dedup_key: "{rule}/{team}"
    notify: controllers
    select: {layer: outcome, indicator: [a]}
)"),
      ElementsAre(
          "invalid rules: 22 errors", "rules.yaml:2:5: rules[0].detector: missing required field",
          "rules.yaml:2:11: rules[0].name: rule name 'Level Shift' may only use lower-case "
          "letters, digits, '_', '.' and '-'",
          "rules.yaml:3:5: rules[0].detectr: unknown field (did you mean 'detector'?)",
          "rules.yaml:4:15: rules[0].severity: unknown severity 'urgent' (allowed: info, "
          "warning, critical)",
          "rules.yaml:5:11: rules[0].when: unknown schedule 'hourly' (allowed: on_ingest, or "
          "daily HH:MM in UTC, e.g. daily 06:00)",
          "rules.yaml:7:15: rules[1].detector: unknown detector 'pelt2' (did you mean "
          "'pelt'?); known detectors: pelt, binseg, cusum, bocpd, outlier, "
          "threshold_bunching, target_hugging, period_end_spike, benford, last_digit, "
          "underdispersion, denominator_shift, paired_divergence, proxy_drift, staleness, "
          "gaps, restatements, scale_change, definition_change",
          "rules.yaml:8:11: rules[2].name: duplicate rule name 'dup' (first defined on line 6)",
          "rules.yaml:10:23: rules[2].params.penalty: 'huge' is not one of mbic, bic or aic, "
          "or a number >= 0",
          "rules.yaml:10:29: rules[2].params.min_segmnt: unknown parameter of detector 'pelt' "
          "(did you mean 'min_segment'?); parameters: cost, penalty, min_segment or "
          "autocorrelation_correction",
          "rules.yaml:10:50: rules[2].params.cost: must be a single value (a number, a word "
          "or true/false)",
          "rules.yaml:11:13: rules[2].window: '-1' is not a window (allowed: a whole number "
          ">= 1 of last periods, or all)",
          "rules.yaml:12:15: rules[2].cooldown: 'soon' is not a number of periods (allowed: a "
          "whole number >= 0, e.g. 3 or 3 periods)",
          "rules.yaml:13:25: rules[2].thresholds.max_p: must be a p-value in (0, 1], e.g. 0.01",
          "rules.yaml:13:40: rules[2].thresholds.min_effect: must be >= 0 (robust standard "
          "deviations)",
          "rules.yaml:13:56: rules[2].thresholds.min_points: '2.5' is not a whole number >= 0",
          "rules.yaml:13:61: rules[2].thresholds.max_q: unknown field (did you mean 'max_p'?)",
          "rules.yaml:14:14: rules[2].fdr.q: must be a false-discovery rate in (0, 1), e.g. 0.05",
          "rules.yaml:14:24: rules[2].fdr.scope: unknown scope 'everything' (allowed: rule, "
          "all_rules)",
          "rules.yaml:15:16: rules[2].dedup_key: unknown placeholder {team} (allowed: {rule}, "
          "{indicator}, {unit}, {detector}, {kind})",
          "rules.yaml:16:13: rules[2].notify: must be a list",
          "rules.yaml:17:21: rules[2].select.layer: unknown layer 'outcome' (allowed: impact, "
          "activity, quality)",
          "rules.yaml:17:30: rules[2].select.indicator: unknown field (did you mean "
          "'indicators'?)"));
}

TEST(RuleParserTest, RendersErrorsNinjaStyle) {
  std::string yaml = "rules:\n  - name: r\n    detector: pelt\n    params: {penalty: huge}\n";
  Result<ParsedRules> parsed = Parse(yaml);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(RenderErrorsWithSource(parsed.status(), yaml),
            "invalid rules: 1 error\n"
            "rules.yaml:4:23: rules[0].params.penalty: 'huge' is not one of mbic, bic or aic, or a "
            "number >= 0\n"
            "    params: {penalty: huge}\n"
            "                      ^\n");
}

TEST(RuleParserTest, ParamValuesOutOfRangeAndOfTheWrongType) {
  EXPECT_THAT(
      Errors("rules:\n  - name: r\n    detector: cusum\n    params: {h: 0, baseline: many}\n"),
      ElementsAre("invalid rules: 2 errors",
                  "rules.yaml:4:17: rules[0].params.h: '0' is not a number in [0.1, 100]",
                  "rules.yaml:4:30: rules[0].params.baseline: 'many' is not a whole number "
                  "in [3, 100000]"));
}

TEST(RuleParserTest, RuleShapeErrors) {
  EXPECT_THAT(Errors("rules:\n  - just a string\n  - name: ''\n    detector: gaps\n"),
              ElementsAre("invalid rules: 2 errors",
                          "rules.yaml:2:5: rules[0]: a rule must be a map of fields (name, "
                          "detector, ...)",
                          "rules.yaml:3:11: rules[1].name: must not be empty"));
  EXPECT_THAT(Errors("rules:\n  - name: r\n    detector: gaps\n    select: werkplein.*\n"),
              ElementsAre("invalid rules: 1 error",
                          "rules.yaml:4:13: rules[0].select: must be a map (indicators, labels, "
                          "layer, owner_teams, units, unit_kinds)"));
}

TEST(RuleParserTest, YamlSyntaxAndTopLevelErrors) {
  EXPECT_THAT(
      Errors("rules:\n  - name: r\n    notify: [unclosed\n"),
      ElementsAre("invalid rules: 1 error", "rules.yaml:4:1: end of sequence flow not found"));
  EXPECT_THAT(Errors("rule:\n  - name: r\n"),
              ElementsAre("invalid rules: 2 errors",
                          "rules.yaml:1:1: rule: unknown top-level key (expected 'rules')",
                          "rules.yaml:1:1: rules: missing required key"));
  EXPECT_THAT(
      Errors("rules: pelt\n"),
      ElementsAre("invalid rules: 1 error", "rules.yaml:1:8: rules: must be a list of rules"));
}

TEST(RuleParserTest, WarnsAboutSelectorsThatMatchNothing) {
  EXPECT_THAT(
      Warnings(R"(rules:
  - name: typo
    detector: pelt
    select: {indicators: ["werkplien.*"]}
  - name: no-amount-durations
    detector: benford
    select: {unit_kinds: [amount], labels: [dienstverlening]}
  - name: fine
    detector: benford
    select: {unit_kinds: [amount]}
)"),
      ElementsAre("rules.yaml:4:13: rules[0].select: selects no declared indicator (of 12); "
                  "the rule never runs",
                  "rules.yaml:7:13: rules[1].select: selects no declared indicator (of 12); "
                  "the rule never runs"));
  // Without a catalogue selectors are not checked.
  Result<ParsedRules> parsed =
      Parse("rules:\n  - {name: r, detector: pelt, select: {labels: [x]}}\n");
  ASSERT_TRUE(parsed.ok());
  EXPECT_THAT(parsed->warnings, IsEmpty());
}

TEST(RuleParserTest, WarnsAboutSchedulesThatDoNotFitTheDetector) {
  EXPECT_THAT(
      Warnings(R"(rules:
  - name: daily-shift
    detector: pelt
    when: daily 06:00
  - name: stale-on-ingest
    detector: staleness
  - name: stale-daily
    detector: staleness
    when: daily 06:00
)"),
      ElementsAre(
          "rules.yaml:4:11: rules[0].when: detector 'pelt' is not clock-based (input: "
          "series): a daily schedule re-runs it on unchanged data; on_ingest runs it on new "
          "data",
          "rules.yaml:5:5: rules[1].when: detector 'staleness' is clock-based: on_ingest only "
          "runs it when data arrives, so it cannot notice data that stopped arriving; use a "
          "daily schedule, e.g. daily 06:00"));
}

TEST(RulesToYamlTest, RoundTripsEveryField) {
  Rule full;
  full.name = "all.fields";
  full.description = "Quotes ' and \" and: colons, # hashes, {braces}\nand a second line";
  full.select.indicators = {"werkplein.*", "*outflow", "a?b"};
  full.select.labels = {"yes", "null", "~", "[x]"};
  full.select.layer = Layer::kActivity;
  full.select.owner_teams = {"werk"};
  full.select.units = {"gemeente_*"};
  full.select.unit_kinds = {UnitKind::kAmount, UnitKind::kDuration};
  full.detector = "cusum";
  full.params = {{"h", "8"}, {"k", "0.5"}, {"baseline", "24"}};
  full.when = *ParseRuleSchedule("daily 23:59");
  full.window_periods = 36;
  full.thresholds.max_p = 0.1 + 0.2;  // not a short decimal
  full.thresholds.min_effect = 1.0 / 3.0;
  full.thresholds.min_points = 12;
  full.severity = Severity::kCritical;
  full.notify = {"controllers", "data stewards"};
  full.cooldown_periods = 4;
  full.dedup_key = "{indicator}:{kind}";
  full.questions = {"Why?", "- really?", "true"};
  full.fdr = FdrControl{0.07, FdrControl::Scope::kAllRules};

  Rule no_thresholds;
  no_thresholds.name = "bare";
  no_thresholds.detector = "gaps";
  no_thresholds.thresholds = RuleThresholds{};
  Rule defaults;
  defaults.name = "defaults";
  defaults.detector = "pelt";
  defaults.thresholds = DefaultThresholds();  // what a rule without `thresholds:` gets

  RuleSet rules{{full, no_thresholds, defaults}};
  std::string yaml = RulesToYaml(rules);
  Result<ParsedRules> parsed = Parse(yaml);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString() << "\n" << yaml;
  EXPECT_TRUE(parsed->rules == rules) << yaml;
  // Writing what was read gives the same text.
  EXPECT_EQ(RulesToYaml(parsed->rules), yaml);
}

TEST(RulesToYamlTest, EmptySetAndTheExample) {
  Result<ParsedRules> empty = Parse(RulesToYaml(RuleSet{}));
  ASSERT_TRUE(empty.ok()) << RulesToYaml(RuleSet{});
  EXPECT_THAT(empty->rules.rules, IsEmpty());
  Result<ParsedRules> example = Parse(kExample);
  ASSERT_TRUE(example.ok());
  Result<ParsedRules> again = Parse(RulesToYaml(example->rules));
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->rules == example->rules);
  EXPECT_EQ(RulesToYaml(example->rules),
            "rules:\n"
            "  - name: level-shift\n"
            "    description: Sudden level shifts in any outflow indicator\n"
            "    select:\n"
            "      indicators: [werkplein.uitstroom*]\n"
            "    detector: pelt\n"
            "    params: {penalty: mbic}\n"
            "    when: on_ingest\n"
            "    severity: warning\n"
            "    notify: [controllers]\n");
}

// The fenced blocks of docs/rules.md, in order, as {language, text}.
std::vector<std::pair<std::string, std::string>> DocBlocks() {
  std::ifstream file(std::string(KPIWATCH_SOURCE_DIR) + "/docs/rules.md");
  std::vector<std::pair<std::string, std::string>> blocks;
  std::string line;
  bool inside = false;
  while (std::getline(file, line)) {
    if (line.starts_with("```")) {
      if (!inside) blocks.emplace_back(line.substr(3), "");
      inside = !inside;
    } else if (inside) {
      blocks.back().second += line + "\n";
    }
  }
  return blocks;
}

// The docs stay true: the examples parse, and the error example renders as shown.
TEST(RuleParserDocsTest, ExamplesInDocsRulesMdAreAccurate) {
  std::vector<std::pair<std::string, std::string>> blocks = DocBlocks();
  ASSERT_GE(blocks.size(), 4u);
  for (int i : {0, 1}) {
    EXPECT_EQ(blocks[i].first, "yaml");
    EXPECT_THAT(Warnings(blocks[i].second), IsEmpty()) << blocks[i].second;
  }
  EXPECT_EQ(blocks[0].second, kExample);
  Result<ParsedRules> bad = Parse(blocks[2].second);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(RenderErrorsWithSource(bad.status(), blocks[2].second), blocks[3].second);
}

}  // namespace
}  // namespace kpiwatch
