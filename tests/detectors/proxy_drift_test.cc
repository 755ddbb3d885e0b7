// proxy_drift: outcome ~ a + b * proxy stops holding.
#include <gtest/gtest.h>

#include <cmath>

#include "detectors/core/registry.h"
#include "tests/support/series_builder.h"
#include "tests/support/simulate.h"

namespace kpiwatch {
namespace {

using testing::ConsecutiveSeries;

// 96 months from 2017-01: outcome = 20 + slope * proxy + AR(1) noise; the slope changes
// from 2.0 to `slope_after` at row `break_row`.
DetectorInput Pair(std::uint64_t seed, std::size_t break_row, double slope_after) {
  testing::Rng rng(seed);
  const std::size_t n = 96;
  std::vector<double> proxy = testing::Ar1Noise(rng, n, 0.5);
  for (double& v : proxy) v += 50.0;
  std::vector<double> noise = testing::Ar1Noise(rng, n, 0.3, 0.5);
  std::vector<double> outcome(n);
  for (std::size_t t = 0; t < n; ++t) {
    outcome[t] = 20.0 + (t < break_row ? 2.0 : slope_after) * (proxy[t] - 50.0) + noise[t];
  }
  DetectorInput input;
  input.indicator.id = "zorg.wanbetalers";
  input.indicator.cadence = Cadence::kMonth;
  input.series = ConsecutiveSeries("zorg.wanbetalers", "gemeente", "2017-01", proxy);
  RelatedSeries related;
  related.relation = Relation::kOutcome;
  related.indicator.id = "schulden.problematisch";
  related.series = ConsecutiveSeries("schulden.problematisch", "gemeente", "2017-01", outcome);
  input.related.push_back(related);
  return input;
}

Result<DetectorOutcome> RunProxyDrift(const DetectorInput& input, std::map<std::string, std::string> params = {}) {
  return DetectorRegistry::Builtin().Run("proxy_drift", input, params);
}

TEST(ProxyDrift, IsRegisteredAsPairDetector) {
  const DetectorInfo* info = DetectorRegistry::Builtin().Find("proxy_drift");
  ASSERT_NE(info, nullptr);
  EXPECT_EQ(info->family, "proxy");
  EXPECT_EQ(info->shape, InputShape::kPair);
  EXPECT_FALSE(info->null_hypothesis.empty());
}

TEST(ProxyDrift, FindsSlopeBreakWithDateCoefficientsAndMisstatement) {
  Result<DetectorOutcome> outcome = RunProxyDrift(Pair(1, 60, 0.5));
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome->findings.size(), 1u);
  const Finding& finding = outcome->findings[0];
  EXPECT_EQ(finding.detector, "proxy_drift");
  EXPECT_EQ(finding.kind, "relation_break");
  EXPECT_EQ(finding.indicator, "zorg.wanbetalers");
  EXPECT_EQ(finding.unit, "gemeente");
  EXPECT_NEAR(static_cast<double>(finding.index), 60.0, 4.0);
  EXPECT_EQ(finding.period, finding.index == 60 ? "2022-01" : finding.period);
  EXPECT_EQ(finding.window_begin_period, "2017-01");
  EXPECT_EQ(finding.window_end_period, "2024-12");
  EXPECT_EQ(finding.statistic_name, "sup_f");
  ASSERT_TRUE(finding.p_value.has_value());
  EXPECT_LT(*finding.p_value, 0.001);
  EXPECT_NEAR(finding.EvidenceValue("slope_before"), 2.0, 0.2);
  EXPECT_NEAR(finding.EvidenceValue("slope_after"), 0.5, 0.25);
  EXPECT_GT(finding.EvidenceValue("rms_misstatement"), 2.0 * finding.EvidenceValue("residual_sd_before"));
  EXPECT_FALSE(std::isnan(finding.EvidenceValue("rec_cusum_p_value")));
  EXPECT_FALSE(std::isnan(finding.EvidenceValue("fisher_z_p_value")));
  EXPECT_NE(finding.explanation.find("not proof"), std::string::npos);
  EXPECT_NE(finding.explanation.find("schulden.problematisch"), std::string::npos);
  EXPECT_GE(finding.questions.size(), 3u);
}

TEST(ProxyDrift, LevelShiftInOutcomeIsReportedAsUnderstatement) {
  DetectorInput input = Pair(2, 1000, 2.0);
  for (std::size_t t = 48; t < 96; ++t) input.related[0].series.values[t] += 3.0;
  Result<DetectorOutcome> outcome = RunProxyDrift(input);
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome->findings.size(), 1u);
  EXPECT_EQ(outcome->findings[0].direction, ChangeDirection::kUp);
  EXPECT_NEAR(outcome->findings[0].effect, 3.0, 0.8);
  EXPECT_NEAR(static_cast<double>(outcome->findings[0].index), 48.0, 3.0);
}

TEST(ProxyDrift, StableRelationGivesNoFindingOverSeeds) {
  int findings = 0;
  for (std::uint64_t seed = 100; seed < 120; ++seed) {
    Result<DetectorOutcome> outcome = RunProxyDrift(Pair(seed, 1000, 2.0));
    ASSERT_TRUE(outcome.ok());
    EXPECT_EQ(outcome->applicability, Applicability::kApplicable);
    findings += static_cast<int>(outcome->findings.size());
  }
  EXPECT_LE(findings, 2);  // 20 clean runs at alpha 0.05
}

TEST(ProxyDrift, ChowAtDeclaredDefinitionChangeDecides) {
  DetectorInput input = Pair(3, 40, 1.2);
  input.indicator.definition_changes = {testing::P("2020-05")};  // row 40
  Result<DetectorOutcome> outcome = RunProxyDrift(input);
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome->findings.size(), 1u);
  EXPECT_EQ(outcome->findings[0].statistic_name, "chow");
  EXPECT_EQ(outcome->findings[0].period, "2020-05");
  EXPECT_FALSE(std::isnan(outcome->findings[0].EvidenceValue("chow_f")));
}

TEST(ProxyDrift, BreakPeriodParameterSetsTheChowDate) {
  Result<DetectorOutcome> outcome = RunProxyDrift(Pair(4, 30, 0.0), {{"break_period", "2019-07"}});
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome->findings.size(), 1u);
  EXPECT_EQ(outcome->findings[0].period, "2019-07");
  EXPECT_EQ(outcome->findings[0].statistic_name, "chow");
}

TEST(ProxyDrift, RejectsMalformedBreakPeriod) {
  Result<DetectorOutcome> outcome = RunProxyDrift(Pair(4, 30, 0.0), {{"break_period", "2019-13"}});
  EXPECT_FALSE(outcome.ok());
}

TEST(ProxyDrift, SeasonalTermsAbsorbSeasonalOutcome) {
  DetectorInput input = Pair(5, 1000, 2.0);
  for (std::size_t t = 0; t < 96; ++t) input.related[0].series.values[t] += (t % 12 == 11) ? 4.0 : 0.0;
  Result<DetectorOutcome> outcome = RunProxyDrift(input, {{"seasonal", "true"}});
  ASSERT_TRUE(outcome.ok());
  EXPECT_TRUE(outcome->findings.empty());
}

TEST(ProxyDrift, MatchesByPeriodWhenSeriesDoNotLineUp) {
  DetectorInput input = Pair(6, 50, 0.3);
  // Drop the outcome's first 6 months and a month in the middle: matched by period.
  Series& outcome_series = input.related[0].series;
  outcome_series.periods.erase(outcome_series.periods.begin() + 30);
  outcome_series.values.erase(outcome_series.values.begin() + 30);
  outcome_series.periods.erase(outcome_series.periods.begin(), outcome_series.periods.begin() + 6);
  outcome_series.values.erase(outcome_series.values.begin(), outcome_series.values.begin() + 6);
  Result<DetectorOutcome> outcome = RunProxyDrift(input);
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome->findings.size(), 1u);
  EXPECT_NEAR(static_cast<double>(outcome->findings[0].index), 50.0, 4.0);  // a proxy row
  EXPECT_EQ(outcome->findings[0].window_begin_period, "2017-07");
}

TEST(ProxyDrift, NotApplicableWithoutOutcome) {
  DetectorInput input = Pair(7, 1000, 2.0);
  input.related.clear();
  Result<DetectorOutcome> outcome = RunProxyDrift(input);
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->applicability, Applicability::kNotApplicable);
  EXPECT_NE(outcome->reason.find("outcome"), std::string::npos);
}

TEST(ProxyDrift, InsufficientDataForShortSeries) {
  DetectorInput input = Pair(8, 1000, 2.0);
  input.series.values.resize(20);
  input.series.periods.resize(20);
  Result<DetectorOutcome> outcome = RunProxyDrift(input);
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->applicability, Applicability::kInsufficientData);
  EXPECT_NE(outcome->reason.find("30"), std::string::npos);
}

}  // namespace
}  // namespace kpiwatch
