// Rule evaluation: targets of an ingest batch or a schedule tick, the window, the
// thresholds, Benjamini-Hochberg, one candidate per target, errors that do not abort.
#include "rules/evaluation/evaluator.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tests/support/rule_fixtures.h"
#include "tests/support/series_builder.h"
#include "tests/support/simulate.h"

namespace kpiwatch {
namespace {

using testing::MonthlyIndicator;
using testing::MonthlyRows;
using testing::P;
using testing::ProbeFinding;
using testing::SimpleRule;

std::vector<std::string> Describe(const std::vector<EvaluationTarget>& targets) {
  std::vector<std::string> out;
  for (const EvaluationTarget& target : targets) {
    out.push_back(target.rule->name + ":" + target.indicator + "/" + target.unit);
  }
  return out;
}

class TargetsTest : public ::testing::Test {
 protected:
  TargetsTest() : registry_(testing::ProbeRegistry(probe_)) {
    Indicator other = MonthlyIndicator("zorg.wachttijd");
    other.labels = {"zorg"};
    catalogue_ = Catalogue({MonthlyIndicator("werk.uitstroom"), MonthlyIndicator("werk.duurzaam"), other});
  }
  testing::Probe probe_;
  DetectorRegistry registry_;
  Catalogue catalogue_;
};

TEST_F(TargetsTest, IngestTargetsFollowSelectorsInRuleThenTouchedOrderWithoutDuplicates) {
  RuleSet rules;
  rules.rules.push_back(SimpleRule("teams", "probe", "werk.*"));
  rules.rules.back().select.units = {"team-?"};
  rules.rules.push_back(SimpleRule("cross", "probe_cross", "werk.*"));
  rules.rules.push_back(SimpleRule("daily", "probe"));
  rules.rules.back().when = ParseRuleSchedule("daily 06:00").value();
  rules.rules.push_back(SimpleRule("zorg", "probe"));
  rules.rules.back().select.labels = {"zorg"};
  std::vector<TouchedSeries> touched = {{"werk.uitstroom", "team-1"}, {"werk.uitstroom", "central"},
                                        {"werk.uitstroom", "team-1"}, {"werk.duurzaam", "team-2"},
                                        {"zorg.wachttijd", "team-1"}, {"werk.onbekend", "team-1"},
                                        {"werk.uitstroom", "team-2"}};
  EXPECT_EQ(Describe(TargetsForIngest(rules, catalogue_, touched, registry_)),
            (std::vector<std::string>{"teams:werk.uitstroom/team-1", "teams:werk.duurzaam/team-2",
                                      "teams:werk.uitstroom/team-2", "cross:werk.uitstroom/",
                                      "cross:werk.duurzaam/", "zorg:zorg.wachttijd/team-1"}));
}

TEST_F(TargetsTest, ScheduleTargetsAreTheDailyRulesOfThatMinute) {
  RuleSet rules;
  rules.rules.push_back(SimpleRule("ingest", "probe"));
  rules.rules.push_back(SimpleRule("six", "probe", "werk.uitstroom"));
  rules.rules.back().when = ParseRuleSchedule("daily 06:00").value();
  rules.rules.push_back(SimpleRule("seven", "probe"));
  rules.rules.back().when = ParseRuleSchedule("daily 07:00").value();
  std::vector<TouchedSeries> all = {{"werk.uitstroom", "a"}, {"werk.duurzaam", "a"}, {"werk.uitstroom", "b"}};
  EXPECT_EQ(Describe(TargetsForSchedule(rules, catalogue_, all, 360, registry_)),
            (std::vector<std::string>{"six:werk.uitstroom/a", "six:werk.uitstroom/b"}));
  EXPECT_EQ(TargetsForSchedule(rules, catalogue_, all, 420, registry_).size(), 3u);
  EXPECT_TRUE(TargetsForSchedule(rules, catalogue_, all, 361, registry_).empty());
}

TEST_F(TargetsTest, OverloadWithoutRegistryKnowsTheBuiltinShapes) {
  RuleSet rules;
  rules.rules.push_back(SimpleRule("shift", "pelt", "werk.uitstroom"));
  std::vector<TouchedSeries> touched = {{"werk.uitstroom", "a"}, {"werk.uitstroom", "b"}};
  EXPECT_EQ(Describe(TargetsForIngest(rules, catalogue_, touched)),
            (std::vector<std::string>{"shift:werk.uitstroom/a", "shift:werk.uitstroom/b"}));
}

// Evaluation over a small catalogue: "kpi" (units a..), "counter" as its counter-indicator.
class EvaluateRoundTest : public ::testing::Test {
 protected:
  EvaluateRoundTest() : registry_(testing::ProbeRegistry(probe_)) {
    Indicator kpi = MonthlyIndicator("kpi");
    kpi.counter_indicators = {"counter"};
    catalogue_ = Catalogue({kpi, MonthlyIndicator("counter"), MonthlyIndicator("kpi2")});
  }

  void AddSeries(const std::string& indicator, const std::string& unit, std::size_t n,
                 const std::string& first = "2020-01") {
    std::vector<double> values(n);
    for (std::size_t i = 0; i < n; ++i) values[i] = 10.0 + static_cast<double>(i % 3);
    auto rows = MonthlyRows(indicator, unit, first, values);
    rows_.insert(rows_.end(), rows.begin(), rows.end());
  }

  RoundResult Evaluate(const std::vector<EvaluationTarget>& targets) {
    DetectorData data;
    data.catalogue = &catalogue_;
    data.observations = rows_;
    data.samples = samples_;
    data.revisions = revisions_;
    return EvaluateRound(targets, data, registry_);
  }

  // One target of `rule` per unit, in order.
  std::vector<EvaluationTarget> Targets(const Rule& rule, const std::vector<std::string>& units,
                                        const std::string& indicator = "kpi") {
    std::vector<EvaluationTarget> targets;
    for (const std::string& unit : units) targets.push_back({&rule, indicator, unit});
    return targets;
  }

  // The probe reports one finding per unit at the last row, with the p-value given for
  // that unit (none for units not listed).
  void ProbePValues(std::map<std::string, double> p_by_unit) {
    probe_.findings = [p_by_unit](const DetectorInput& input) {
      auto it = p_by_unit.find(input.series.unit);
      if (it == p_by_unit.end()) return std::vector<Finding>{};
      return std::vector<Finding>{ProbeFinding(input, input.series.size() - 1, it->second)};
    };
  }

  std::vector<std::string> CandidateUnits(const RoundResult& result) {
    std::vector<std::string> units;
    for (const AlertCandidate& candidate : result.candidates) {
      units.push_back(candidate.rule->name + ":" + candidate.unit);
    }
    return units;
  }

  testing::Probe probe_;
  DetectorRegistry registry_;
  Catalogue catalogue_;
  std::vector<Observation> rows_;
  std::vector<Sample> samples_;
  std::vector<Revision> revisions_;
};

TEST_F(EvaluateRoundTest, WindowKeepsTheLastPointsOfSeriesPeersRelatedSamplesAndRevisions) {
  AddSeries("kpi", "a", 24);                // 2020-01 .. 2021-12
  AddSeries("kpi", "b", 30, "2019-07");     // 2019-07 .. 2021-12
  AddSeries("kpi", "c", 6, "2019-01");      // 2019-01 .. 2019-06: entirely before the window
  AddSeries("counter", "a", 24);
  samples_ = {{"kpi", "a", P("2020-02"), 1.0}, {"kpi", "a", P("2021-11"), 2.0}, {"kpi", "a", P("2021-12"), 3.0}};
  revisions_ = {{"kpi", "a", P("2020-03"), 1.0, 2.0, {}}, {"kpi", "a", P("2021-10"), 1.0, 2.0, {}}};
  Rule rule = SimpleRule("windowed", "probe");
  rule.window_periods = 12;
  RoundResult result = Evaluate(Targets(rule, {"a"}));
  ASSERT_TRUE(result.errors.empty()) << result.errors.front();
  ASSERT_EQ(probe_.seen.size(), 1u);
  const DetectorInput& input = probe_.seen.front();
  ASSERT_EQ(input.series.size(), 12u);
  EXPECT_EQ(input.series.periods.front(), P("2021-01"));
  EXPECT_EQ(input.series.periods.back(), P("2021-12"));
  ASSERT_EQ(input.peers.size(), 2u);  // c has nothing in the window
  for (const Series& peer : input.peers) {
    EXPECT_EQ(peer.size(), 12u) << peer.unit;
    EXPECT_EQ(peer.periods.front(), P("2021-01")) << peer.unit;
  }
  ASSERT_EQ(input.related.size(), 1u);
  EXPECT_EQ(input.related.front().series.size(), 12u);
  EXPECT_EQ(input.samples, (std::vector<double>{2.0, 3.0}));
  ASSERT_EQ(input.revisions.size(), 1u);
  EXPECT_EQ(input.revisions.front().period, P("2021-10"));
  EXPECT_EQ(result.evaluations, 1u);

  // Without a window everything is seen.
  probe_.seen.clear();
  rule.window_periods.reset();
  Evaluate(Targets(rule, {"a"}));
  ASSERT_EQ(probe_.seen.size(), 1u);
  EXPECT_EQ(probe_.seen.front().series.size(), 24u);
  EXPECT_EQ(probe_.seen.front().peers.size(), 3u);
  EXPECT_EQ(probe_.seen.front().samples.size(), 3u);
}

TEST_F(EvaluateRoundTest, WindowOverASeriesWithAGapKeepsItsLastPointsAndThatPeriodRange) {
  AddSeries("kpi", "a", 6, "2021-01");  // 2021-01 .. 2021-06
  AddSeries("kpi", "a", 3, "2021-10");  // 2021-10 .. 2021-12 (gap 07..09)
  AddSeries("kpi", "b", 12, "2021-01");
  Rule rule = SimpleRule("windowed", "probe");
  rule.window_periods = 5;
  Evaluate(Targets(rule, {"a"}));
  ASSERT_EQ(probe_.seen.size(), 1u);
  EXPECT_EQ(probe_.seen.front().series.periods.front(), P("2021-05"));
  EXPECT_EQ(probe_.seen.front().series.size(), 5u);
  EXPECT_EQ(probe_.seen.front().peers.back().size(), 8u);  // b over 2021-05 .. 2021-12
}

TEST_F(EvaluateRoundTest, MinPointsSkipsShortSeriesWithoutRunningTheDetector) {
  AddSeries("kpi", "a", 10);
  AddSeries("kpi", "b", 11);
  ProbePValues({{"a", 0.001}, {"b", 0.001}});
  Rule rule = SimpleRule("min", "probe");
  rule.thresholds.min_points = 11;
  RoundResult result = Evaluate(Targets(rule, {"a", "b"}));
  EXPECT_EQ(probe_.seen.size(), 1u);
  EXPECT_EQ(result.skipped, 1u);
  EXPECT_EQ(result.evaluations, 1u);
  EXPECT_EQ(CandidateUnits(result), (std::vector<std::string>{"min:b"}));
  // The window counts: 11 points cut to 10 are too few.
  rule.window_periods = 10;
  EXPECT_TRUE(Evaluate(Targets(rule, {"b"})).candidates.empty());
}

TEST_F(EvaluateRoundTest, MaxPJudgesPValuesThenPosteriorProbabilities) {
  AddSeries("kpi", "a", 12);
  struct Case {
    std::optional<double> p;
    std::optional<double> probability;
    bool passes;
  };
  const Case cases[] = {{0.01, std::nullopt, true},  {0.0100001, std::nullopt, false},
                        {std::nullopt, 0.995, true}, {std::nullopt, 0.98, false},
                        {0.5, 0.999, false},         {std::nullopt, std::nullopt, true}};
  Rule rule = SimpleRule("p", "probe");
  rule.thresholds.max_p = 0.01;
  for (const Case& c : cases) {
    probe_.findings = [&c](const DetectorInput& input) {
      Finding finding = ProbeFinding(input, 3, c.p);
      finding.probability = c.probability;
      return std::vector<Finding>{finding};
    };
    RoundResult result = Evaluate(Targets(rule, {"a"}));
    EXPECT_EQ(result.candidates.size(), c.passes ? 1u : 0u)
        << "p " << c.p.value_or(-1) << " probability " << c.probability.value_or(-1);
  }
}

TEST_F(EvaluateRoundTest, MinEffectNeedsAnAbsoluteRobustEffectAndFailsOnNaN) {
  AddSeries("kpi", "a", 12);
  Rule rule = SimpleRule("effect", "probe");
  rule.thresholds.min_effect = 2.0;
  for (auto [effect_sd, passes] : std::vector<std::pair<double, bool>>{
           {2.5, true}, {-2.0, true}, {1.99, false}, {std::nan(""), false}}) {
    probe_.findings = [effect_sd = effect_sd](const DetectorInput& input) {
      return std::vector<Finding>{ProbeFinding(input, 3, std::nullopt, effect_sd)};
    };
    EXPECT_EQ(Evaluate(Targets(rule, {"a"})).candidates.size(), passes ? 1u : 0u) << effect_sd;
  }
}

TEST_F(EvaluateRoundTest, OneCandidatePerTargetTheLatestPassingFindingTiesBySmallestP) {
  AddSeries("kpi", "a", 12);
  probe_.findings = [](const DetectorInput& input) {
    return std::vector<Finding>{ProbeFinding(input, 3, 0.001), ProbeFinding(input, 7, 0.004),
                                ProbeFinding(input, 7, 0.002), ProbeFinding(input, 9, 0.5)};
  };
  Rule rule = SimpleRule("one", "probe");
  rule.thresholds.max_p = 0.01;
  rule.questions = {"Did the team change its intake?", "Was anything booked differently?"};
  RoundResult result = Evaluate(Targets(rule, {"a"}));
  ASSERT_EQ(result.candidates.size(), 1u);
  const AlertCandidate& candidate = result.candidates.front();
  EXPECT_EQ(candidate.finding.index, 7u);
  EXPECT_EQ(candidate.finding.p_value, 0.002);
  EXPECT_EQ(candidate.finding.period, "2020-08");
  EXPECT_EQ(candidate.dedup_key, "one/kpi/a");
  EXPECT_EQ(candidate.raised_period, P("2020-12"));
  EXPECT_EQ(candidate.questions, (std::vector<std::string>{"Was anything booked differently?",
                                                           "Did the team change its intake?"}));
}

TEST_F(EvaluateRoundTest, BenjaminiHochbergPerRuleCountsEveryEvaluatedTarget) {
  for (const char* unit : {"a", "b", "c"}) AddSeries("kpi", unit, 12);
  Rule rule = SimpleRule("bh", "probe");
  rule.fdr = FdrControl{0.05, FdrControl::Scope::kRule};
  // a alone: m = 1, 0.03 <= 0.05.
  ProbePValues({{"a", 0.03}});
  EXPECT_EQ(CandidateUnits(Evaluate(Targets(rule, {"a"}))), (std::vector<std::string>{"bh:a"}));
  // b found nothing but was tested: m = 2, 0.03 > 0.025.
  EXPECT_TRUE(Evaluate(Targets(rule, {"a", "b"})).candidates.empty());
  // m = 3: 0.01 <= 0.05 / 3 and 0.03 <= 2 * 0.05 / 3; 0.2 > 0.05 stays out.
  ProbePValues({{"a", 0.03}, {"b", 0.2}, {"c", 0.01}});
  EXPECT_EQ(CandidateUnits(Evaluate(Targets(rule, {"a", "b", "c"}))),
            (std::vector<std::string>{"bh:a", "bh:c"}));
  // Thresholds still apply on top of BH.
  rule.thresholds.max_p = 0.02;
  EXPECT_EQ(CandidateUnits(Evaluate(Targets(rule, {"a", "b", "c"}))), (std::vector<std::string>{"bh:c"}));
}

TEST_F(EvaluateRoundTest, BenjaminiHochbergAcrossRulesPoolsTheirFindings) {
  for (const char* unit : {"a", "b"}) AddSeries("kpi", unit, 12);
  AddSeries("kpi2", "a", 12);
  AddSeries("kpi2", "b", 12);
  probe_.findings = [](const DetectorInput& input) {
    double p = input.series.indicator == "kpi" ? (input.series.unit == "a" ? 0.001 : 0.03)
                                               : (input.series.unit == "a" ? 0.5 : 0.6);
    return std::vector<Finding>{ProbeFinding(input, 11, p)};
  };
  Rule first = SimpleRule("first", "probe", "kpi");
  Rule second = SimpleRule("second", "probe", "kpi2");
  first.fdr = second.fdr = FdrControl{0.05, FdrControl::Scope::kRule};
  std::vector<EvaluationTarget> targets = Targets(first, {"a", "b"});
  for (const EvaluationTarget& target : Targets(second, {"a", "b"}, "kpi2")) targets.push_back(target);
  // Per rule: first has m = 2 and keeps both (0.03 <= 0.05).
  EXPECT_EQ(CandidateUnits(Evaluate(targets)), (std::vector<std::string>{"first:a", "first:b"}));
  // Across rules: m = 4, 0.03 > 2 * 0.05 / 4.
  first.fdr->scope = second.fdr->scope = FdrControl::Scope::kAllRules;
  EXPECT_EQ(CandidateUnits(Evaluate(targets)), (std::vector<std::string>{"first:a"}));
  // A rule without fdr is not in the pool and not adjusted.
  second.fdr.reset();
  EXPECT_EQ(CandidateUnits(Evaluate(targets)),
            (std::vector<std::string>{"first:a", "first:b", "second:a", "second:b"}));
}

TEST_F(EvaluateRoundTest, CrossSectionTargetSeesEveryUnitAndRaisesWithAnEmptyUnit) {
  for (const char* unit : {"a", "b", "c"}) AddSeries("kpi", unit, 12);
  Rule rule = SimpleRule("cross", "probe_cross");
  rule.window_periods = 6;
  probe_.findings = [](const DetectorInput& input) {
    Finding finding;
    finding.kind = "spread";
    finding.index = input.peers.front().size() - 1;
    finding.period = input.peers.front().Label(finding.index);
    finding.p_value = 0.001;
    return std::vector<Finding>{finding};
  };
  RoundResult result = Evaluate({{&rule, "kpi", ""}});
  ASSERT_EQ(probe_.seen.size(), 1u);
  EXPECT_EQ(probe_.seen.front().peers.size(), 3u);
  EXPECT_EQ(probe_.seen.front().peers.front().size(), 6u);
  ASSERT_EQ(result.candidates.size(), 1u);
  EXPECT_EQ(result.candidates.front().unit, "");
  EXPECT_EQ(result.candidates.front().dedup_key, "cross/kpi/");
  EXPECT_EQ(result.candidates.front().raised_period, P("2020-12"));
}

TEST_F(EvaluateRoundTest, FailedEvaluationsAreReportedAndTheRoundGoesOn) {
  AddSeries("kpi", "a", 12);
  ProbePValues({{"a", 0.001}});
  Rule unknown = SimpleRule("unknown", "pelt2");
  Rule bad_params = SimpleRule("bad_params", "probe");
  bad_params.params = {{"level", "3"}};
  Rule thrower = SimpleRule("thrower", "thrower");
  Rule cross_needs_unit = SimpleRule("needs_unit", "probe");
  Rule good = SimpleRule("good", "probe");
  std::vector<EvaluationTarget> targets = {{&unknown, "kpi", "a"},   {&bad_params, "kpi", "a"},
                                           {&thrower, "kpi", "a"},   {&good, "missing", "a"},
                                           {&good, "kpi", "nobody"}, {&cross_needs_unit, "kpi", ""},
                                           {&good, "kpi", "a"}};
  RoundResult result = Evaluate(targets);
  ASSERT_EQ(result.errors.size(), 6u);
  EXPECT_EQ(result.errors[0].rfind("rule 'unknown' on kpi/a: unknown detector 'pelt2'", 0), 0u) << result.errors[0];
  EXPECT_NE(result.errors[1].find("rule 'bad_params' on kpi/a: "), std::string::npos) << result.errors[1];
  EXPECT_NE(result.errors[1].find("level"), std::string::npos) << result.errors[1];
  EXPECT_EQ(result.errors[2], "rule 'thrower' on kpi/a: detector threw: matrix not positive definite");
  EXPECT_NE(result.errors[3].find("'missing' is not declared"), std::string::npos) << result.errors[3];
  EXPECT_NE(result.errors[4].find("no observations"), std::string::npos) << result.errors[4];
  EXPECT_EQ(result.errors[5].rfind("rule 'needs_unit' on kpi (all units): ", 0), 0u) << result.errors[5];
  EXPECT_EQ(CandidateUnits(result), (std::vector<std::string>{"good:a"}));
  EXPECT_EQ(result.evaluations, 1u);
  EXPECT_EQ(result.evaluations_by_rule.at("good"), 1u);
}

TEST_F(EvaluateRoundTest, TargetsOfOneRoundSeeWhatTheyWouldSeeAlone) {
  AddSeries("kpi", "a", 12);
  AddSeries("kpi", "b", 10);
  AddSeries("counter", "a", 12);
  AddSeries("kpi2", "a", 8);
  AddSeries("kpi2", "b", 9);
  samples_ = {{"kpi2", "b", P("2020-02"), 4.0}, {"kpi", "a", P("2020-01"), 1.0}, {"kpi2", "b", P("2020-01"), 5.0}};
  Rule rule = SimpleRule("all", "probe");
  std::vector<EvaluationTarget> targets = {{&rule, "kpi2", "b"}, {&rule, "kpi", "a"}, {&rule, "counter", "a"},
                                           {&rule, "kpi2", "a"}};
  std::vector<DetectorInput> alone;
  for (const EvaluationTarget& target : targets) {
    probe_.seen.clear();
    Evaluate({target});
    ASSERT_EQ(probe_.seen.size(), 1u);
    alone.push_back(probe_.seen.front());
  }
  probe_.seen.clear();
  Evaluate(targets);
  ASSERT_EQ(probe_.seen.size(), targets.size());
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const DetectorInput& together = probe_.seen[i];
    SCOPED_TRACE(targets[i].indicator + "/" + targets[i].unit);
    EXPECT_EQ(together.series.values, alone[i].series.values);
    EXPECT_EQ(together.series.periods, alone[i].series.periods);
    ASSERT_EQ(together.peers.size(), alone[i].peers.size());
    for (std::size_t k = 0; k < together.peers.size(); ++k) {
      EXPECT_EQ(together.peers[k].values, alone[i].peers[k].values);
    }
    ASSERT_EQ(together.related.size(), alone[i].related.size());
    for (std::size_t k = 0; k < together.related.size(); ++k) {
      EXPECT_EQ(together.related[k].series.values, alone[i].related[k].series.values);
    }
    EXPECT_EQ(together.samples, alone[i].samples);
  }
  EXPECT_EQ(alone[0].samples, (std::vector<double>{5.0, 4.0}));
  EXPECT_EQ(alone[1].related.size(), 1u);  // kpi's counter-indicator
  EXPECT_EQ(alone[2].related.size(), 1u);  // and the other way round
}

TEST_F(EvaluateRoundTest, PeltRuleRaisesOnALevelShiftAndNotOnACleanSeries) {
  testing::Rng rng(7);
  std::vector<double> shifted = testing::NormalNoise(rng, 48, 1.0, 20.0);
  testing::AddShift(shifted, 30, 4.0);
  std::vector<double> clean = testing::NormalNoise(rng, 48, 1.0, 20.0);
  auto rows_a = MonthlyRows("kpi", "a", "2020-01", shifted);
  auto rows_b = MonthlyRows("kpi", "b", "2020-01", clean);
  rows_.insert(rows_.end(), rows_a.begin(), rows_a.end());
  rows_.insert(rows_.end(), rows_b.begin(), rows_b.end());
  Rule rule = SimpleRule("shift", "pelt");
  rule.thresholds = DefaultThresholds();
  RoundResult result = Evaluate(Targets(rule, {"a", "b"}));
  ASSERT_TRUE(result.errors.empty()) << result.errors.front();
  ASSERT_EQ(CandidateUnits(result), (std::vector<std::string>{"shift:a"}));
  EXPECT_NEAR(static_cast<double>(result.candidates.front().finding.index), 30.0, 1.0);
  EXPECT_EQ(result.candidates.front().finding.kind, "change_point");
}

}  // namespace
}  // namespace kpiwatch
