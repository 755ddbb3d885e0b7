#include "rules/domain/rule.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace kpiwatch {
namespace {

TEST(GlobMatchesTest, StarQuestionMarkAndLiterals) {
  EXPECT_TRUE(GlobMatches("werkplein.uitstroom*", "werkplein.uitstroom_werk"));
  EXPECT_TRUE(GlobMatches("werkplein.uitstroom*", "werkplein.uitstroom"));
  EXPECT_FALSE(GlobMatches("werkplein.uitstroom*", "schuldhulp.uitstroom"));
  EXPECT_TRUE(GlobMatches("*", ""));
  EXPECT_TRUE(GlobMatches("*.aanmeldingen", "schuldhulp.aanmeldingen"));
  EXPECT_TRUE(GlobMatches("a*b*c", "aXXbYYc"));
  EXPECT_FALSE(GlobMatches("a*b*c", "aXXbYY"));
  EXPECT_TRUE(GlobMatches("team_?", "team_1"));
  EXPECT_FALSE(GlobMatches("team_?", "team_12"));
  EXPECT_FALSE(GlobMatches("team_?", "team_"));
  EXPECT_TRUE(GlobMatches("exact", "exact"));
  EXPECT_FALSE(GlobMatches("exact", "exactly"));
  EXPECT_FALSE(GlobMatches("", "x"));
  // Backtracking: the first '*' must give back characters.
  EXPECT_TRUE(GlobMatches("*ab", "aab"));
  EXPECT_TRUE(GlobMatches("*a*a", "banana"));
}

Indicator Outflow() {
  Indicator indicator;
  indicator.id = "werkplein.uitstroom_werk";
  indicator.unit = UnitKind::kCount;
  indicator.layer = Layer::kImpact;
  indicator.owner_team = "werk";
  indicator.labels = {"participatiewet", "werk"};
  return indicator;
}

TEST(RuleSelectorTest, EmptySelectorMatchesEverything) {
  RuleSelector select;
  EXPECT_TRUE(select.MatchesIndicator(Outflow()));
  EXPECT_TRUE(select.MatchesUnit("gemeente_a"));
}

TEST(RuleSelectorTest, EveryGivenCriterionMustHold) {
  RuleSelector select;
  select.indicators = {"schuldhulp.*", "werkplein.uit*"};
  EXPECT_TRUE(select.MatchesIndicator(Outflow()));
  select.labels = {"armoede", "werk"};  // any one label suffices
  EXPECT_TRUE(select.MatchesIndicator(Outflow()));
  select.layer = Layer::kImpact;
  select.owner_teams = {"klant", "werk"};
  select.unit_kinds = {UnitKind::kAmount, UnitKind::kCount};
  EXPECT_TRUE(select.MatchesIndicator(Outflow()));

  for (int failing = 0; failing < 5; ++failing) {
    RuleSelector narrowed = select;
    if (failing == 0) narrowed.indicators = {"schuldhulp.*"};
    if (failing == 1) narrowed.labels = {"armoede"};
    if (failing == 2) narrowed.layer = Layer::kQuality;
    if (failing == 3) narrowed.owner_teams = {"klant"};
    if (failing == 4) narrowed.unit_kinds = {UnitKind::kAmount};
    EXPECT_FALSE(narrowed.MatchesIndicator(Outflow())) << "criterion " << failing;
  }
  // An indicator without a layer does not match a layer selector.
  Indicator no_layer = Outflow();
  no_layer.layer.reset();
  EXPECT_FALSE(select.MatchesIndicator(no_layer));
}

TEST(RuleSelectorTest, UnitsAreIdsOrGlobs) {
  RuleSelector select;
  select.units = {"gemeente_a", "regio_*"};
  EXPECT_TRUE(select.MatchesUnit("gemeente_a"));
  EXPECT_TRUE(select.MatchesUnit("regio_noord"));
  EXPECT_FALSE(select.MatchesUnit("gemeente_b"));
}

TEST(RuleScheduleTest, ParsesAndPrints) {
  Result<RuleSchedule> on_ingest = ParseRuleSchedule("on_ingest");
  ASSERT_TRUE(on_ingest.ok());
  EXPECT_EQ(on_ingest->kind, RuleSchedule::Kind::kOnIngest);
  EXPECT_EQ(on_ingest->ToString(), "on_ingest");

  Result<RuleSchedule> daily = ParseRuleSchedule("daily 06:05");
  ASSERT_TRUE(daily.ok());
  EXPECT_EQ(daily->kind, RuleSchedule::Kind::kDaily);
  EXPECT_EQ(daily->minute_of_day, 6 * 60 + 5);
  EXPECT_EQ(daily->ToString(), "daily 06:05");
  EXPECT_EQ(ParseRuleSchedule("daily 00:00")->minute_of_day, 0);
  EXPECT_EQ(ParseRuleSchedule("daily 23:59")->ToString(), "daily 23:59");
}

TEST(RuleScheduleTest, RejectsWhatIsNotAllowed) {
  for (const char* bad : {"", "hourly", "daily", "daily 6:00", "daily 24:00", "daily 12:60",
                          "daily 12-00", "Daily 06:00", "daily 06:00 ", "on ingest"}) {
    Result<RuleSchedule> schedule = ParseRuleSchedule(bad);
    ASSERT_FALSE(schedule.ok()) << bad;
    EXPECT_EQ(schedule.status().message(),
              "unknown schedule '" + std::string(bad) +
                  "' (allowed: on_ingest, or daily HH:MM in UTC, e.g. daily 06:00)");
  }
}

TEST(SeverityTest, NamesParseBackAndAreOrdered) {
  for (Severity severity : {Severity::kInfo, Severity::kWarning, Severity::kCritical}) {
    EXPECT_EQ(*ParseSeverity(SeverityName(severity)), severity);
  }
  EXPECT_LT(Severity::kInfo, Severity::kCritical);
  EXPECT_EQ(ParseSeverity("high").status().message(),
            "unknown severity 'high' (allowed: info, warning, critical)");
}

TEST(FdrScopeTest, NamesParseBack) {
  EXPECT_EQ(*ParseFdrScope(FdrScopeName(FdrControl::Scope::kRule)), FdrControl::Scope::kRule);
  EXPECT_EQ(*ParseFdrScope(FdrScopeName(FdrControl::Scope::kAllRules)),
            FdrControl::Scope::kAllRules);
  EXPECT_FALSE(ParseFdrScope("global").ok());
}

TEST(RuleTest, DedupKeyFillsPlaceholders) {
  Rule rule;
  rule.name = "level-shift";
  rule.detector = "pelt";
  EXPECT_EQ(rule.DedupKey("werkplein.uitstroom_werk", "gemeente_a", "change_point"),
            "level-shift/werkplein.uitstroom_werk/gemeente_a");
  rule.dedup_key = "{detector}:{kind}@{indicator}/{unit}/{rule}";
  EXPECT_EQ(rule.DedupKey("i", "u", "k"), "pelt:k@i/u/level-shift");
  rule.dedup_key = "{indicator}-{team}-{unclosed";
  EXPECT_EQ(rule.DedupKey("i", "u", "k"), "i-{team}-{unclosed");
}

TEST(RuleTest, DefaultsBesideTheFields) {
  Rule rule;
  EXPECT_EQ(rule.thresholds, RuleThresholds{});  // the parser fills DefaultThresholds()
  EXPECT_EQ(DefaultThresholds().max_p, 0.01);
  EXPECT_FALSE(DefaultThresholds().min_effect.has_value());
  EXPECT_EQ(DefaultThresholds().min_points, 0);
  EXPECT_EQ(rule.severity, Severity::kWarning);
  EXPECT_EQ(rule.when.kind, RuleSchedule::Kind::kOnIngest);
  EXPECT_EQ(rule.dedup_key, "{rule}/{indicator}/{unit}");
  EXPECT_EQ(FdrControl{}.q, 0.05);
  EXPECT_THAT(DedupKeyPlaceholders(),
              ::testing::ElementsAre("rule", "indicator", "unit", "detector", "kind"));
}

TEST(RuleSetTest, FindByName) {
  RuleSet rules;
  rules.rules.resize(2);
  rules.rules[0].name = "a";
  rules.rules[1].name = "b";
  EXPECT_EQ(rules.Find("b"), &rules.rules[1]);
  EXPECT_EQ(rules.Find("c"), nullptr);
}

}  // namespace
}  // namespace kpiwatch
