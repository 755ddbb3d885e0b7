// CUSUM: point-by-point runs through a serialised state equal the batch run; the
// in-control average run length matches Siegmund's approximation; alarms and restarts.
#include "detectors/shift/cusum.h"

#include <gtest/gtest.h>

#include <cstdio>

#include "detectors/core/registry.h"
#include "tests/support/simulate.h"

namespace kpiwatch::shift {
namespace {

using testing::Rng;

TEST(CusumTest, IncrementalThroughSerialisedStateEqualsBatch) {
  CusumOptions options;  // defaults
  for (int seed = 0; seed < 200; ++seed) {
    Rng rng(seed);
    std::vector<double> x = testing::NormalNoise(rng, 300, 2.0, 50.0);
    testing::AddShift(x, 60 + seed % 100, seed % 2 ? 3.0 : -3.0);
    std::vector<CusumAlarm> batch = RunCusum(x, options);
    std::vector<CusumAlarm> incremental;
    std::string stored = CusumState().Serialize();
    for (double value : x) {
      Result<CusumState> state = CusumState::Parse(stored);
      ASSERT_TRUE(state.ok()) << state.status().ToString();
      if (auto alarm = CusumStep(*state, options, value)) incremental.push_back(*alarm);
      stored = state->Serialize();
    }
    EXPECT_EQ(incremental, batch) << "seed " << seed;
    EXPECT_FALSE(batch.empty()) << "seed " << seed;
  }
}

TEST(CusumTest, StateRoundTripsExactly) {
  CusumState state;
  CusumOptions options{.k = 0.5, .h = 5.0, .baseline = 5};
  for (double v : {1.1, 0.3, 2.7, 1.0 / 3.0, 1e-17, 4.0, 9.0}) CusumStep(state, options, v);
  Result<CusumState> parsed = CusumState::Parse(state.Serialize());
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(*parsed, state);
  EXPECT_FALSE(CusumState::Parse("cusum1 rows=x").ok());
  Result<CusumState> bad = CusumState::Parse("json {}");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("cusum1"), std::string::npos);
}

TEST(CusumTest, InControlAverageRunLengthMatchesSiegmund) {
  CusumOptions options;  // k = 0.5, h = 5
  const int kRuns = 2000;
  Rng rng(42);
  std::normal_distribution<double> normal;
  double total = 0.0;
  for (int run = 0; run < kRuns; ++run) {
    CusumState state;
    state.monitoring = true;  // known baseline: centre 0, scale 1
    std::size_t length = 0;
    while (!CusumStep(state, options, normal(rng))) ++length;
    total += static_cast<double>(length + 1);
  }
  double arl = total / kRuns;
  double siegmund = SiegmundTwoSidedArl(options.k, options.h);
  std::printf("[arl] in-control ARL k=%.1f h=%.1f: simulated %.1f (%d runs), Siegmund %.1f\n",
              options.k, options.h, arl, kRuns, siegmund);
  EXPECT_NEAR(arl / siegmund, 1.0, 0.15);
}

TEST(CusumTest, AlarmReportsStartAndRestartsOnNewBaseline) {
  std::vector<double> x(60, 10.0);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] += (i % 3 == 0 ? 0.5 : i % 3 == 1 ? -0.5 : 0.0);
  for (std::size_t i = 30; i < x.size(); ++i) x[i] += 3.0;
  CusumOptions options{.k = 0.5, .h = 5.0, .baseline = 12};
  std::vector<CusumAlarm> alarms = RunCusum(x, options);
  ASSERT_EQ(alarms.size(), 1u);  // restart on the new level: no second alarm
  EXPECT_EQ(alarms[0].start_row, 30u);
  EXPECT_EQ(alarms[0].direction, ChangeDirection::kUp);
  EXPECT_GT(alarms[0].alarm_row, 30u);
  EXPECT_LT(alarms[0].alarm_row, 34u);
}

TEST(CusumTest, DetectorFillsTheFinding) {
  DetectorInput input;
  input.series.indicator = "werkplein.uitstroom";
  input.series.unit = "noord";
  Rng rng(5);
  input.series.values = testing::NormalNoise(rng, 80, 1.0, 20.0);
  testing::AddShift(input.series.values, 50, -4.0);
  Result<DetectorOutcome> outcome = DetectorRegistry::Builtin().Run("cusum", input, {});
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  ASSERT_EQ(outcome->findings.size(), 1u);
  const Finding& f = outcome->findings[0];
  EXPECT_EQ(f.kind, "cusum_alarm");
  EXPECT_NEAR(static_cast<double>(f.index), 50.0, 2.0);
  EXPECT_GE(f.window_end, f.index);
  EXPECT_EQ(f.direction, ChangeDirection::kDown);
  EXPECT_NEAR(f.effect, -4.0, 1.5);
  EXPECT_NE(f.explanation.find("below"), std::string::npos);
  EXPECT_FALSE(f.questions.empty());
}

}  // namespace
}  // namespace kpiwatch::shift
