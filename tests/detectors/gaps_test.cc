// gaps: missing periods inside a series; units that stopped reporting.
#include <gtest/gtest.h>

#include <cmath>

#include "detectors/core/registry.h"
#include "tests/support/series_builder.h"

namespace kpiwatch {
namespace {

using testing::ConsecutiveSeries;

DetectorInput Input(Series series) {
  DetectorInput input;
  input.indicator.id = "wmo.aanvragen";
  input.series = std::move(series);
  return input;
}

Result<DetectorOutcome> RunGaps(const DetectorInput& input, std::map<std::string, std::string> params = {}) {
  return DetectorRegistry::Builtin().Run("gaps", input, params);
}

TEST(Gaps, CompleteSeriesGivesNoFinding) {
  Result<DetectorOutcome> outcome = RunGaps(Input(ConsecutiveSeries("wmo.aanvragen", "oost", "2022-01", std::vector<double>(24, 3.0))));
  ASSERT_TRUE(outcome.ok());
  EXPECT_TRUE(outcome->findings.empty());
}

TEST(Gaps, MissingPeriodsAndNaNValuesAreGaps) {
  Series series = ConsecutiveSeries("wmo.aanvragen", "oost", "2022-01", std::vector<double>(24, 3.0));
  // Remove 2022-05..2022-07 (rows 4..6) and blank 2023-03 (row 14 before removal).
  series.values[14] = NAN;
  series.periods.erase(series.periods.begin() + 4, series.periods.begin() + 7);
  series.values.erase(series.values.begin() + 4, series.values.begin() + 7);
  Result<DetectorOutcome> outcome = RunGaps(Input(series));
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome->findings.size(), 2u);
  const Finding& first = outcome->findings[0];
  EXPECT_EQ(first.kind, "missing_periods");
  EXPECT_EQ(first.statistic, 3.0);
  EXPECT_EQ(first.window_begin_period, "2022-04");
  EXPECT_EQ(first.period, "2022-08");
  EXPECT_NE(first.explanation.find("2022-05 to 2022-07"), std::string::npos);
  EXPECT_NEAR(first.EvidenceValue("completeness"), 20.0 / 24.0, 1e-12);
  EXPECT_EQ(outcome->findings[1].statistic, 1.0);
  EXPECT_EQ(outcome->findings[1].period, "2023-04");
}

TEST(Gaps, MinGapFiltersSingleMissingPeriods) {
  Series series = ConsecutiveSeries("wmo.aanvragen", "oost", "2022-01", std::vector<double>(24, 3.0));
  series.values[10] = NAN;
  Result<DetectorOutcome> outcome = RunGaps(Input(series), {{"min_gap", "2"}});
  ASSERT_TRUE(outcome.ok());
  EXPECT_TRUE(outcome->findings.empty());
}

TEST(Gaps, UnitThatStoppedWhilePeersContinueIsReported) {
  DetectorInput input = Input(ConsecutiveSeries("wmo.aanvragen", "oost", "2022-01", std::vector<double>(18, 3.0)));
  std::vector<Series> peers;
  for (const char* unit : {"noord", "zuid", "west", "centrum"}) {
    peers.push_back(ConsecutiveSeries("wmo.aanvragen", unit, "2022-01", std::vector<double>(24, 4.0)));
  }
  peers.push_back(input.series);  // the unit itself is among the peers
  input.peers = std::move(peers);
  Result<DetectorOutcome> outcome = RunGaps(input);
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome->findings.size(), 1u);
  const Finding& finding = outcome->findings[0];
  EXPECT_EQ(finding.kind, "stopped_reporting");
  EXPECT_EQ(finding.period, "2023-06");
  EXPECT_EQ(finding.statistic, 6.0);
  EXPECT_EQ(finding.EvidenceValue("peers"), 4.0);
  EXPECT_EQ(finding.EvidenceValue("peers_continuing"), 4.0);
}

TEST(Gaps, UnitLevelWithPeersOrTooFewPeersIsClean) {
  DetectorInput input = Input(ConsecutiveSeries("wmo.aanvragen", "oost", "2022-01", std::vector<double>(24, 3.0)));
  std::vector<Series> peers;
  for (const char* unit : {"noord", "zuid", "west"}) {
    peers.push_back(ConsecutiveSeries("wmo.aanvragen", unit, "2022-01", std::vector<double>(24, 4.0)));
  }
  input.peers = peers;
  ASSERT_TRUE(RunGaps(input).ok());
  EXPECT_TRUE(RunGaps(input)->findings.empty());
  // Only one peer continues: fewer than min_peers (3) other units reporting later.
  input.series.values.resize(18);
  input.series.periods.resize(18);
  input.peers = {peers.front()};
  EXPECT_TRUE(RunGaps(input)->findings.empty());
}

TEST(Gaps, NotApplicableWithoutPeriods) {
  Series series;
  series.values = {1, 2, 3};
  Result<DetectorOutcome> outcome = RunGaps(Input(series));
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->applicability, Applicability::kNotApplicable);
}

}  // namespace
}  // namespace kpiwatch
