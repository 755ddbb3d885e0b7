// Incremental evaluation (cusum): rounds resumed from the stored state give the same
// candidates and the same detector outcome as batch runs, over many seeded series fed in
// random-sized batches, with restatements and gap fills forcing the fresh run.
#include <gtest/gtest.h>

#include <cstdio>
#include <random>

#include "rules/evaluation/evaluator.h"
#include "rules/formats/finding_json.h"
#include "tests/support/rule_fixtures.h"

namespace kpiwatch {
namespace {

std::string CandidatesText(const RoundResult& round) {
  std::string text;
  for (const AlertCandidate& c : round.candidates) {
    text += c.dedup_key + " " + boost::json::serialize(FindingToJson(c.finding)) + "\n";
  }
  return text;
}

TEST(IncrementalEvaluationTest, ResumedRoundsEqualBatchRoundsOnSeededSeries) {
  Catalogue catalogue({testing::MonthlyIndicator("werk.uitstroom")});
  RuleSet rules;
  rules.rules.push_back(testing::SimpleRule("drift", "cusum", "werk.*"));
  rules.rules[0].params = {{"baseline", "8"}, {"h", "4"}};
  const DetectorInfo& cusum = *DetectorRegistry::Builtin().Find("cusum");
  std::size_t series_checked = 0, rounds = 0, incremental = 0, full = 0, alarms = 0;
  for (int seed = 0; seed < 60; ++seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> noise(0.0, 2.0);
    std::uniform_int_distribution<int> batch_size(1, 7), coin(0, 9);
    const int length = 80 + seed % 40;
    std::vector<double> values(length);
    for (int i = 0; i < length; ++i) values[i] = 50.0 + noise(rng) + (i > length / 2 ? 4.0 * (seed % 3 - 1) : 0.0);
    std::vector<Observation> all = testing::MonthlyRows("werk.uitstroom", "zwolle", "2015-01", values);
    std::vector<Observation> visible;
    std::vector<Revision> revisions;
    IncrementalStates states;
    int next = 0;
    bool skipped_gap = false;
    while (next < length) {
      int take = std::min(batch_size(rng), length - next);
      for (int i = 0; i < take; ++i, ++next) {
        // Now and then a point arrives late (a gap filled by a later batch).
        if (!skipped_gap && coin(rng) == 0 && next + 1 < length) {
          std::swap(all[next], all[next + 1]);
          skipped_gap = true;
        } else {
          skipped_gap = false;
        }
        visible.push_back(all[next]);
      }
      // Now and then an earlier point is restated.
      if (coin(rng) < 2 && visible.size() > 3) {
        Observation& old = visible[std::uniform_int_distribution<std::size_t>(0, visible.size() - 2)(rng)];
        Revision revision{"werk.uitstroom", old.unit, old.period, old.value, old.value + 5.0, old.reported_at, {}};
        old.value += 5.0;
        revisions.push_back(revision);
      }
      DetectorData data;
      data.catalogue = &catalogue;
      data.observations = visible;
      data.revisions = revisions;
      std::vector<TouchedSeries> touched{{"werk.uitstroom", "zwolle"}};
      std::vector<EvaluationTarget> targets = TargetsForIngest(rules, catalogue, touched);
      RoundResult batch = EvaluateRound(targets, data, DetectorRegistry::Builtin());
      for (auto& [key, record] : states.updated) states.stored[key] = record;
      states.updated.clear();
      std::string stored_state;
      auto key = DetectorStateKey("drift", "werk.uitstroom", "zwolle");
      if (states.stored.count(key)) stored_state = states.stored[key].state;
      RoundResult resumed = EvaluateRound(targets, data, DetectorRegistry::Builtin(), &states);
      ASSERT_EQ(CandidatesText(resumed), CandidatesText(batch)) << "seed " << seed << " at " << next;
      ASSERT_EQ(resumed.evaluations, batch.evaluations);
      ASSERT_EQ(resumed.errors, batch.errors);
      ++rounds;
      // The whole outcome (every finding) equals the batch run.
      Result<DetectorInput> input = BuildDetectorInput(data, "werk.uitstroom", "zwolle", cusum);
      ASSERT_TRUE(input.ok());
      Result<ParamValues> params = ValidateParams("cusum", cusum.params, rules.rules[0].params);
      ASSERT_TRUE(params.ok());
      Result<DetectorOutcome> whole = cusum.run(*input, *params);
      ASSERT_TRUE(whole.ok());
      if (states.updated.count(key) && !states.updated[key].state.empty() &&
          Resumable(states.stored.count(key) ? states.stored[key] : DetectorStateRecord{},
                    RuleFingerprint(rules.rules[0]), *input)) {
        Result<IncrementalOutcome> again = cusum.resume(*input, *params, stored_state);
        ASSERT_TRUE(again.ok());
        EXPECT_EQ(boost::json::serialize(OutcomeToJson(again->outcome)),
                  boost::json::serialize(OutcomeToJson(*whole)));
      }
      alarms += whole->findings.size();
    }
    ++series_checked;
    incremental += states.incremental;
    full += states.full;
  }
  std::printf("[incremental] %zu series, %zu rounds: %zu incremental, %zu full, %zu alarms in the last outcomes\n",
              series_checked, rounds, incremental, full, alarms);
  EXPECT_GT(incremental, full);  // most rounds only append
  EXPECT_GT(full, 60u);          // restatements and late points forced fresh runs beyond the first
}

TEST(IncrementalEvaluationTest, AWindowedRuleOrAChangedRuleRunsFresh) {
  Catalogue catalogue({testing::MonthlyIndicator("werk.uitstroom")});
  RuleSet rules;
  rules.rules.push_back(testing::SimpleRule("drift", "cusum", "werk.*"));
  std::vector<double> values(40, 10.0);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] += static_cast<double>(i % 5);
  std::vector<Observation> rows = testing::MonthlyRows("werk.uitstroom", "zwolle", "2020-01", values);
  DetectorData data;
  data.catalogue = &catalogue;
  data.observations = rows;
  std::vector<TouchedSeries> touched{{"werk.uitstroom", "zwolle"}};
  IncrementalStates states;
  auto targets = TargetsForIngest(rules, catalogue, touched);
  EvaluateRound(targets, data, DetectorRegistry::Builtin(), &states);
  EXPECT_EQ(states.full, 1u);
  states.stored = states.updated;
  EvaluateRound(targets, data, DetectorRegistry::Builtin(), &states);
  EXPECT_EQ(states.incremental, 1u);
  rules.rules[0].params["k"] = "0.7";  // changed params: fresh
  targets = TargetsForIngest(rules, catalogue, touched);
  EvaluateRound(targets, data, DetectorRegistry::Builtin(), &states);
  EXPECT_EQ(states.full, 2u);
  rules.rules[0].window_periods = 30;  // a window: no state at all
  targets = TargetsForIngest(rules, catalogue, touched);
  states.updated.clear();
  EvaluateRound(targets, data, DetectorRegistry::Builtin(), &states);
  EXPECT_EQ(states.full, 2u);
  EXPECT_EQ(states.incremental, 1u);
  EXPECT_TRUE(states.updated.empty());
}

TEST(IncrementalEvaluationTest, StateRecordRoundTrips) {
  DetectorStateRecord record{"cusum;window=all", "2020-01", "2021-04", 16, 2, "cusum1 rows=16\nalarm 1"};
  Result<DetectorStateRecord> parsed = DetectorStateRecord::Parse(record.Serialize());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(*parsed, record);
  EXPECT_FALSE(DetectorStateRecord::Parse("other\n").ok());
}

}  // namespace
}  // namespace kpiwatch
