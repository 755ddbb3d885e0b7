// PELT with the mean-and-variance cost bounds costs instead of computing them
// (pelt_meanvar.h): on long series, including the cases where the bounds are unusable
// (constant runs at the variance floor, a mean far from zero, variance jumps), the
// result must still be exactly the optimal segmentation, every bound must hold at every
// step, and the bounds must spare most of the logs.
#include "detectors/segment/pelt_meanvar.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "detectors/segment/normal_meanvar_cost.h"
#include "detectors/segment/pelt.h"
#include "detectors/segment/penalty.h"
#include "tests/support/optimal_partitioning.h"
#include "tests/support/simulate.h"

namespace kpiwatch::segment {
namespace {

using testing::Rng;

struct LongCase {
  std::string name;
  std::vector<double> values;
};

// Series of 600-1,500 points on which each way for a bound to fail is exercised.
std::vector<LongCase> LongCases() {
  Rng rng(4242);
  std::vector<LongCase> cases;
  {  // Variance jumps by factors up to 15, segments 20-200 points.
    std::vector<double> x;
    const double sds[] = {1.0, 0.2, 3.0, 0.5, 1.5, 0.1, 2.0};
    const std::size_t lengths[] = {150, 40, 200, 20, 180, 60, 150};
    for (int k = 0; k < 7; ++k) {
      std::vector<double> part = testing::NormalNoise(rng, lengths[k], sds[k], 0.5 * k);
      x.insert(x.end(), part.begin(), part.end());
    }
    cases.push_back({"variance_jumps", x});
  }
  {  // Runs of identical values (segments at the variance floor) between noise.
    std::vector<double> x = testing::NormalNoise(rng, 300);
    x.insert(x.end(), 80, 2.5);
    std::vector<double> tail = testing::NormalNoise(rng, 300, 1.0, 1.0);
    x.insert(x.end(), tail.begin(), tail.end());
    x.insert(x.end(), 40, -1.0);
    cases.push_back({"constant_runs", x});
  }
  {  // A level of 1e6 with small noise: sums of squares dwarf the variance.
    std::vector<double> x = testing::NormalNoise(rng, 1000, 1e-3, 1e6);
    testing::AddShift(x, 300, 5e-3);
    testing::AddShift(x, 700, -2e-3);
    cases.push_back({"far_from_zero", x});
  }
  {  // Pure noise, and mean shifts every 50 points (the benchmark's pattern, shorter).
    cases.push_back({"noise", testing::NormalNoise(rng, 1500)});
    std::vector<double> x = testing::NormalNoise(rng, 1500);
    for (std::size_t i = 50; i < x.size(); i += 50)
      testing::AddShift(x, i, (i / 50) % 2 ? 2.0 : -2.0);
    cases.push_back({"shifts_every_50", x});
  }
  return cases;
}

TEST(PeltMeanVarianceTest, LongSeriesEqualBruteForce) {
  for (const LongCase& c : LongCases()) {
    NormalMeanVarianceCost cost(c.values);
    for (const char* penalty_name : {"mbic", "aic"}) {
      for (std::size_t min_segment : {2, 5}) {
        const double penalty = PenaltyValue(*ParsePenalty(penalty_name), c.values.size(), 2);
        Segmentation pelt = Pelt(cost, penalty, min_segment);
        Segmentation brute = testing::OptimalPartitioning(cost, penalty, min_segment);
        EXPECT_EQ(pelt.change_points, brute.change_points)
            << c.name << " penalty=" << penalty_name << " m=" << min_segment;
        EXPECT_EQ(pelt.penalised_cost, brute.penalised_cost)
            << c.name << " penalty=" << penalty_name << " m=" << min_segment;
        std::printf("[meanvar] %s penalty=%s m=%zu: %zu change points, identical=%d\n",
                    c.name.c_str(), penalty_name, min_segment, pelt.change_points.size(),
                    pelt.change_points == brute.change_points ? 1 : 0);
      }
    }
  }
}

// A random series of pieces that strain the bounds: levels and spreads over 16 orders of
// magnitude, constant runs, single spikes, and pieces of 2-60 points.
std::vector<double> StrainingSeries(Rng& rng, std::size_t n) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::uniform_int_distribution<std::size_t> piece_length(2, 60);
  std::uniform_int_distribution<int> kind(0, 3);
  std::vector<double> x;
  const double level = std::pow(10.0, -8.0 + 16.0 * unit(rng));
  while (x.size() < n) {
    const std::size_t length = std::min(piece_length(rng), n - x.size());
    const double spread = level * std::pow(10.0, -6.0 + 8.0 * unit(rng));
    switch (kind(rng)) {
      case 0:
        x.insert(x.end(), length, level * (1.0 + unit(rng)));
        break;  // constant run
      case 1: {
        std::vector<double> part = testing::NormalNoise(rng, length, spread, level);
        part[length / 2] += 1e6 * spread;  // a spike
        x.insert(x.end(), part.begin(), part.end());
        break;
      }
      default: {
        std::vector<double> part = testing::NormalNoise(rng, length, spread, level * unit(rng));
        x.insert(x.end(), part.begin(), part.end());
      }
    }
  }
  return x;
}

// The cost without its prefix arrays, so that Pelt searches it with every cost computed
// (the generic candidate set, as for any cost).
class WithoutSums final : public SegmentCost {
 public:
  explicit WithoutSums(const SegmentCost& cost) : cost_(cost) {}
  std::size_t size() const override { return cost_.size(); }
  double Cost(std::size_t begin, std::size_t end) const override { return cost_.Cost(begin, end); }
  int ParametersPerSegment() const override { return cost_.ParametersPerSegment(); }
  std::size_t MinimumSegment() const override { return cost_.MinimumSegment(); }
  double SegmentMean(std::size_t begin, std::size_t end) const override {
    return cost_.SegmentMean(begin, end);
  }

 private:
  const SegmentCost& cost_;
};

TEST(PeltMeanVarianceTest, StrainingSeriesDecideAsTheExactCosts) {
  // Bounds or not, every choice must be the one the exact costs give. The bounded search
  // prunes less than the search that computes every cost (a candidate stays until a
  // bound proves it prunable), so the two agree bit for bit except where rounding breaks
  // C(a, c) >= C(a, b) + C(b, c) and the eager pruning drops the optimum; there the
  // bounded search must find brute force's segmentation. Against brute force the value
  // must agree to rounding (values here lie up to 1e8 robust sd from the median; plain
  // prefix sums of squares lost the variance of later small segments to rounding, which
  // broke additivity and PELT on 45 of these series).
  Rng rng(77);
  std::uniform_int_distribution<std::size_t> length(20, 400);
  const int kSeries = 300;
  int identical = 0;
  int differs_from_computed = 0;
  for (int i = 0; i < kSeries; ++i) {
    std::vector<double> x = StrainingSeries(rng, length(rng));
    NormalMeanVarianceCost cost(x);
    const double penalty = PenaltyValue({}, x.size(), 2);
    const std::size_t min_segment = 2 + static_cast<std::size_t>(i % 3);
    Segmentation bounded = Pelt(cost, penalty, min_segment);
    Segmentation computed = Pelt(WithoutSums(cost), penalty, min_segment);
    Segmentation brute = testing::OptimalPartitioning(cost, penalty, min_segment);
    if (bounded.change_points != computed.change_points ||
        bounded.penalised_cost != computed.penalised_cost) {
      ++differs_from_computed;
      EXPECT_EQ(bounded.change_points, brute.change_points) << "series " << i << " n=" << x.size();
      EXPECT_LE(bounded.penalised_cost, computed.penalised_cost)
          << "series " << i << " n=" << x.size();
    }
    EXPECT_NEAR(bounded.penalised_cost, brute.penalised_cost, 1e-8 * std::abs(brute.penalised_cost))
        << "series " << i << " n=" << x.size();
    identical += bounded.change_points == brute.change_points ? 1 : 0;
  }
  std::printf(
      "[meanvar] straining series: %d/%d segmentations identical to brute force, "
      "%d differ from the search that computes every cost\n",
      identical, kSeries, differs_from_computed);
  EXPECT_GE(identical, kSeries * 98 / 100);
  EXPECT_LE(differs_from_computed, kSeries / 100);
}

// Drives the candidate set as Pelt does; after every Choose, `check(end)`.
template <class Check>
void DriveLikePelt(MeanVarianceCandidates& candidates, std::size_t n, std::size_t m, double penalty,
                   std::vector<double>& best, Check check) {
  std::vector<std::size_t> last(n + 1, 0);
  best.assign(n + 1, 0.0);
  best[0] = -penalty;
  for (std::size_t t = m; t <= n; ++t) {
    if (t - m == 0 || t - m >= m) {
      if (t - m > 0) candidates.PruneAgainst(t - m, best);
      candidates.Add(t - m, best);
    }
    candidates.Choose(t, penalty, best, last);
    check(t);
  }
}

TEST(PeltMeanVarianceTest, BoundsHoldAtEveryStep) {
  // Every bound the search relies on must hold for every live candidate at every step:
  // the per-candidate lower bounds, and the block bounds reused from earlier steps. (A
  // too-high bound usually changes no result, since the best is far below, so the
  // exactness tests alone would not catch it.)
  std::vector<LongCase> cases = LongCases();
  {
    Rng rng(3);
    std::vector<double> x = testing::NormalNoise(rng, 3000);
    for (std::size_t i = 100; i < x.size(); i += 100)
      testing::AddShift(x, i, (i / 100) % 2 ? 2.0 : -2.0);
    cases.push_back({"shifts_every_100", x});
  }
  {  // Series that strain the rounding margins (levels and spreads over 16 orders of
     // magnitude, constant runs, spikes).
    Rng rng(78);
    for (int i = 0; i < 40; ++i)
      cases.push_back({"straining_" + std::to_string(i), StrainingSeries(rng, 400)});
  }
  for (const LongCase& c : cases) {
    NormalMeanVarianceCost cost(c.values);
    for (const char* penalty_name : {"mbic", "aic"}) {
      for (std::size_t m : {2, 5}) {
        const double penalty = PenaltyValue(*ParsePenalty(penalty_name), c.values.size(), 2);
        MeanVarianceCandidates candidates(*cost.mean_variance_sums(), m, c.values.size());
        std::vector<double> best;
        std::size_t violations = 0;
        std::size_t checked = 0;
        DriveLikePelt(candidates, c.values.size(), m, penalty, best, [&](std::size_t end) {
          violations += candidates.BoundViolations(end, penalty);
          checked += candidates.live();
        });
        EXPECT_EQ(violations, 0u) << c.name << " penalty=" << penalty_name << " m=" << m;
        EXPECT_GT(checked, c.values.size()) << c.name;
      }
    }
  }
}

TEST(PeltMeanVarianceTest, BoundsSpareMostLogs) {
  // Mean shifts of 2 sd every 100 points, as in shift_bench. The candidate set is driven
  // as Pelt drives it; its segmentation must be Pelt's.
  Rng rng(1);
  std::vector<double> x = testing::NormalNoise(rng, 20000);
  for (std::size_t i = 100; i < x.size(); i += 100)
    testing::AddShift(x, i, (i / 100) % 2 ? 2.0 : -2.0);
  NormalMeanVarianceCost cost(x);
  const double penalty = PenaltyValue({}, x.size(), 2);
  const std::size_t n = x.size();
  const std::size_t m = 2;
  MeanVarianceCandidates candidates(*cost.mean_variance_sums(), m, n);
  std::vector<double> best;
  double candidate_steps = 0.0;
  DriveLikePelt(candidates, n, m, penalty, best,
                [&](std::size_t) { candidate_steps += static_cast<double>(candidates.live()); });
  EXPECT_EQ(best[n], Pelt(cost, penalty, m).penalised_cost);
  const double exact_share = static_cast<double>(candidates.exact_evaluations()) / candidate_steps;
  std::printf("[meanvar] %.1f candidates per step, %.2f exact costs per step (%.1f%%)\n",
              candidate_steps / static_cast<double>(n),
              static_cast<double>(candidates.exact_evaluations()) / static_cast<double>(n),
              100.0 * exact_share);
  EXPECT_GT(candidate_steps / static_cast<double>(n), 30.0);  // inequality pruning keeps many
  EXPECT_LT(exact_share, 0.03);  // measured 0.9% (one exact cost per step, the incumbent)
}

}  // namespace
}  // namespace kpiwatch::segment
