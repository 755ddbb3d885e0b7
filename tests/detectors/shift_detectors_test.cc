// The shift detectors through the registry: findings carry location, effect, statistic
// and words; bad input and parameters are refused with a reason.
#include <gtest/gtest.h>

#include <cstdio>

#include "detectors/core/registry.h"
#include "detectors/segment/binseg.h"
#include "detectors/segment/pelt.h"
#include "detectors/shift/bocpd.h"
#include "detectors/shift/outlier.h"
#include "tests/support/simulate.h"

namespace kpiwatch {
namespace {

using testing::Rng;

DetectorInput MonthlyInput(std::vector<double> values) {
  DetectorInput input;
  input.series.indicator = "schuldhulp.minnelijk";
  input.series.unit = "west";
  Period period = *Period::Parse("2015-01");
  for (std::size_t i = 0; i < values.size(); ++i) input.series.periods.push_back(period.Next(i));
  input.series.values = std::move(values);
  return input;
}

TEST(ShiftDetectorsTest, RegistryListsTheFiveWithDocumentedParams) {
  for (const char* name : {"pelt", "binseg", "cusum", "bocpd", "outlier"}) {
    const DetectorInfo* info = DetectorRegistry::Builtin().Find(name);
    ASSERT_NE(info, nullptr) << name;
    EXPECT_EQ(info->family, "shift");
    EXPECT_FALSE(info->null_hypothesis.empty());
    for (const ParamSpec& spec : info->params) EXPECT_FALSE(spec.description.empty()) << spec.name;
    EXPECT_TRUE(ValidateParams(name, info->params, {}).ok()) << name;
  }
}

TEST(ShiftDetectorsTest, PeltAndBinsegReportAShiftWithItsNumbers) {
  Rng rng(11);
  std::vector<double> x = testing::NormalNoise(rng, 72, 2.0, 60.0);
  testing::AddShift(x, 40, 8.0);
  for (const char* name : {"pelt", "binseg"}) {
    Result<DetectorOutcome> outcome = DetectorRegistry::Builtin().Run(name, MonthlyInput(x), {});
    ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
    ASSERT_EQ(outcome->findings.size(), 1u) << name;
    const Finding& f = outcome->findings[0];
    EXPECT_EQ(f.kind, "change_point");
    EXPECT_EQ(f.index, 40u);
    EXPECT_EQ(f.period, "2018-05");
    EXPECT_EQ(f.indicator, "schuldhulp.minnelijk");
    EXPECT_EQ(f.window_begin, 0u);
    EXPECT_EQ(f.window_end, 71u);
    EXPECT_EQ(f.direction, ChangeDirection::kUp);
    EXPECT_NEAR(f.effect, 8.0, 1.5);
    EXPECT_NEAR(f.effect_sd, 4.0, 1.2);
    EXPECT_EQ(f.statistic_name, "cost_reduction");
    ASSERT_TRUE(f.p_value.has_value());
    EXPECT_LT(*f.p_value, 1e-4);
    EXPECT_NEAR(f.EvidenceValue("mean_before"), 60.0, 1.0);
    EXPECT_NEAR(f.EvidenceValue("mean_after"), 68.0, 1.0);
    EXPECT_NE(f.explanation.find("2018-05"), std::string::npos);
    EXPECT_NE(f.explanation.find("signal, not proof"), std::string::npos);
    EXPECT_EQ(f.questions.front(), "Did the definition, the source system or the policy change in this period?");
  }
}

TEST(ShiftDetectorsTest, PoissonAndMeanVarianceCostsWork) {
  Rng rng(12);
  std::vector<double> counts = testing::PoissonCounts(rng, 60, 4.0);
  std::vector<double> more = testing::PoissonCounts(rng, 60, 12.0);
  counts.insert(counts.end(), more.begin(), more.end());
  auto poisson = DetectorRegistry::Builtin().Run("pelt", MonthlyInput(counts), {{"cost", "poisson"}});
  ASSERT_TRUE(poisson.ok());
  ASSERT_EQ(poisson->findings.size(), 1u);
  EXPECT_NEAR(static_cast<double>(poisson->findings[0].index), 60.0, 2.0);

  std::vector<double> spread = testing::NormalNoise(rng, 60, 1.0);
  std::vector<double> wide = testing::NormalNoise(rng, 60, 8.0);
  spread.insert(spread.end(), wide.begin(), wide.end());
  auto meanvar = DetectorRegistry::Builtin().Run("pelt", MonthlyInput(spread), {{"cost", "meanvar"}});
  ASSERT_TRUE(meanvar.ok());
  ASSERT_GE(meanvar->findings.size(), 1u);
  // Rows 61-64 of this seed happen to be small (|x| < 2.2), so the best cut is at 65.
  EXPECT_NEAR(static_cast<double>(meanvar->findings[0].index), 60.0, 5.0);
  EXPECT_GT(meanvar->findings[0].EvidenceValue("sd_after"), 3.0 * meanvar->findings[0].EvidenceValue("sd_before"));
}

TEST(ShiftDetectorsTest, BocpdReportsTheChangeWithItsProbability) {
  Rng rng(13);
  std::vector<double> x = testing::NormalNoise(rng, 100, 1.0, 5.0);
  testing::AddShift(x, 55, 3.0);
  auto outcome = DetectorRegistry::Builtin().Run("bocpd", MonthlyInput(x), {});
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome->findings.size(), 1u);
  const Finding& f = outcome->findings[0];
  EXPECT_NEAR(static_cast<double>(f.index), 55.0, 2.0);
  ASSERT_TRUE(f.probability.has_value());
  EXPECT_GT(*f.probability, 0.5);
  EXPECT_LE(*f.probability, 1.0);
  EXPECT_NEAR(f.effect, 3.0, 0.8);
}

// Found by fuzz_detectors: values whose differences overflow made the standardised values
// infinite, the change probabilities NaN, and RunBocpd's scan of them never ended; sums of
// probabilities could also round to just above 1.
TEST(ShiftDetectorsTest, BocpdStaysFiniteOnValuesNearTheLargestDouble) {
  std::vector<double> x;
  for (int i = 0; i < 60; ++i) x.push_back(i % 3 == 0 ? 1.7e308 : (i % 3 == 1 ? -1.7e308 : 1e-300));
  for (int i = 0; i < 40; ++i) x.push_back(1.0 + 0.1 * i);
  for (double p : shift::BocpdChangeProbabilities(x, {})) {
    EXPECT_TRUE(p >= 0.0 && p <= 1.0) << p;
  }
  for (const shift::BocpdChange& change : shift::RunBocpd(x, {})) {
    EXPECT_TRUE(change.probability >= 0.0 && change.probability <= 1.0);
  }
}

// The pruning's effect is measured against the unpruned filter on 200 seeded series of
// 400 points (half white noise, half with 1-3 sd shifts every 40-120 points), not one series:
// the largest change of a change probability and the share of rows changed by > 0.01.
TEST(ShiftDetectorsTest, BocpdPruningBoundsTheHypotheses) {
  shift::BocpdOptions tight;  // the defaults: 64 hypotheses, threshold 1e-4
  shift::BocpdOptions loose;
  loose.max_hypotheses = 100000;
  loose.prune_threshold = 0.0;
  double largest_difference = 0.0;
  std::size_t rows = 0, changed = 0;
  for (int seed = 0; seed < 200; ++seed) {
    Rng rng(1000 + seed);
    std::vector<double> x = testing::NormalNoise(rng, 400);
    if (seed % 2 == 1) {
      for (std::size_t at = 40 + seed % 80; at < x.size(); at += 40 + (at * 7 + seed) % 80) {
        testing::AddShift(x, at, (1.0 + seed % 3) * (at % 2 ? 1.0 : -1.0));
      }
    }
    std::vector<double> a = shift::BocpdChangeProbabilities(x, tight);
    std::vector<double> b = shift::BocpdChangeProbabilities(x, loose);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      double difference = std::abs(a[i] - b[i]);
      largest_difference = std::max(largest_difference, difference);
      changed += difference > 0.01;
      ++rows;
    }
  }
  double share_changed = static_cast<double>(changed) / static_cast<double>(rows);
  std::printf("bocpd pruning vs unpruned, 200 series x 400 points: largest difference %.4f, "
              "rows changed by > 0.01: %.4f%%\n", largest_difference, 100.0 * share_changed);
  EXPECT_LT(largest_difference, 0.06);  // measured 0.031
  EXPECT_LT(share_changed, 0.0025);     // measured 0.07%
}

TEST(ShiftDetectorsTest, OutlierFindsASpikeInASeasonalSeries) {
  Rng rng(15);
  std::vector<double> x = testing::NormalNoise(rng, 96, 1.0, 100.0);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] += (i % 12 == 11 ? 15.0 : 0.0) + (i % 12 == 6 ? -8.0 : 0.0);
  x[50] += 9.0;
  auto outcome = DetectorRegistry::Builtin().Run("outlier", MonthlyInput(x), {});
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome->findings.size(), 1u);  // December peaks are seasonal, not outliers
  const Finding& f = outcome->findings[0];
  EXPECT_EQ(f.index, 50u);
  EXPECT_EQ(f.kind, "outlier");
  EXPECT_GT(f.effect_sd, 5.0);
  ASSERT_TRUE(f.p_value.has_value());
  EXPECT_LT(*f.p_value, 0.05);
  auto without_season = DetectorRegistry::Builtin().Run("outlier", MonthlyInput(x), {{"season", "0"}});
  ASSERT_TRUE(without_season.ok());
  EXPECT_GT(without_season->findings.size(), 1u);  // December looks anomalous without it
}

TEST(ShiftDetectorsTest, RefusesMissingValuesShortSeriesAndBadParams) {
  std::vector<double> x(30, 1.0);
  x[7] = NAN;
  auto missing = DetectorRegistry::Builtin().Run("pelt", MonthlyInput(x), {});
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->applicability, Applicability::kNotApplicable);
  EXPECT_NE(missing->reason.find("2015-08"), std::string::npos);
  auto short_series = DetectorRegistry::Builtin().Run("outlier", MonthlyInput({1, 2, 3}), {});
  ASSERT_TRUE(short_series.ok());
  EXPECT_EQ(short_series->applicability, Applicability::kInsufficientData);
  auto bad = DetectorRegistry::Builtin().Run("pelt", MonthlyInput(std::vector<double>(30, 1.0)),
                                             {{"penalty", "mbci"}, {"min_segmnt", "3"}});
  ASSERT_FALSE(bad.ok());
  std::string text = bad.status().ToString();
  EXPECT_NE(text.find("penalty"), std::string::npos);
  EXPECT_NE(text.find("did you mean 'min_segment'"), std::string::npos);
  auto negative = DetectorRegistry::Builtin().Run("pelt", MonthlyInput({1, -2, 3, 4, 5, 6, 7, 8}),
                                                  {{"cost", "poisson"}});
  ASSERT_TRUE(negative.ok());
  EXPECT_EQ(negative->applicability, Applicability::kNotApplicable);
}

TEST(ShiftDetectorsTest, BinsegEqualsPeltOnWellSeparatedShifts) {
  Rng rng(16);
  std::vector<double> x = testing::NormalNoise(rng, 200);
  testing::AddShift(x, 50, 3.0);
  testing::AddShift(x, 120, -5.0);
  auto cost = segment::MakeSegmentCost(segment::CostKind::kNormalMean, x);
  EXPECT_EQ(segment::BinarySegmentation(**cost, 15.0, 3).change_points,
            segment::Pelt(**cost, 15.0, 3).change_points);
}

}  // namespace
}  // namespace kpiwatch
