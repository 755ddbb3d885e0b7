// Shift detector benchmarks (issue 3 targets, one core):
//   PELT mean/MBIC, 100,000 points, change every 100 points and pure noise: < 15 ms each;
//   PELT meanvar < 20 ms; CUSUM >= 1e8 points/s; BOCPD >= 1e6 points/s;
//   all shift detectors on 10,000 series of 120 monthly points < 1 s.
// Each PELT timing includes building the cost (robust scale, prefix sums).
#include <benchmark/benchmark.h>

#include "detectors/core/registry.h"
#include "detectors/segment/pelt.h"
#include "detectors/segment/penalty.h"
#include "detectors/shift/bocpd.h"
#include "detectors/shift/cusum.h"
#include "tests/support/simulate.h"

namespace kpiwatch {
namespace {

std::vector<double> Series(std::size_t n, bool with_changes) {
  testing::Rng rng(1);
  std::vector<double> x = testing::NormalNoise(rng, n);
  if (with_changes) {
    for (std::size_t i = 100; i < n; i += 100) testing::AddShift(x, i, (i / 100) % 2 ? 2.0 : -2.0);
  }
  return x;
}

void PeltBench(benchmark::State& state, segment::CostKind kind, bool with_changes) {
  std::vector<double> x = Series(static_cast<std::size_t>(state.range(0)), with_changes);
  std::size_t changes = 0;
  for (auto _ : state) {
    auto cost = segment::MakeSegmentCost(kind, x);
    double penalty = segment::PenaltyValue({}, x.size(), (*cost)->ParametersPerSegment());
    segment::Segmentation result = segment::Pelt(**cost, penalty, 1);
    changes = result.change_points.size();
    benchmark::DoNotOptimize(result);
  }
  state.counters["changes_found"] = static_cast<double>(changes);
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_PeltMeanChanges(benchmark::State& state) { PeltBench(state, segment::CostKind::kNormalMean, true); }
void BM_PeltMeanNoise(benchmark::State& state) { PeltBench(state, segment::CostKind::kNormalMean, false); }
void BM_PeltMeanVarChanges(benchmark::State& state) {
  PeltBench(state, segment::CostKind::kNormalMeanVariance, true);
}
void BM_PeltMeanVarNoise(benchmark::State& state) {
  PeltBench(state, segment::CostKind::kNormalMeanVariance, false);
}
BENCHMARK(BM_PeltMeanChanges)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PeltMeanNoise)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PeltMeanVarChanges)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PeltMeanVarNoise)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

void BM_CusumPoints(benchmark::State& state) {
  std::vector<double> x = Series(1 << 20, false);
  shift::CusumOptions options;
  options.h = 1e9;  // no alarms: the steady-state cost per point
  for (auto _ : state) {
    shift::CusumState cusum;
    std::size_t alarms = 0;
    for (double v : x) alarms += shift::CusumStep(cusum, options, v).has_value();
    benchmark::DoNotOptimize(alarms);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(x.size()));
}
BENCHMARK(BM_CusumPoints)->Unit(benchmark::kMillisecond);

void BM_BocpdPoints(benchmark::State& state) {
  std::vector<double> x = Series(100000, true);
  shift::BocpdOptions options;
  for (auto _ : state) benchmark::DoNotOptimize(shift::RunBocpd(x, options));
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(x.size()));
}
BENCHMARK(BM_BocpdPoints)->Unit(benchmark::kMillisecond);

void BM_AllShiftDetectors10kMonthlySeries(benchmark::State& state) {
  const char* detector = nullptr;
  switch (state.range(0)) {
    case 0: detector = "pelt"; break;
    case 1: detector = "binseg"; break;
    case 2: detector = "cusum"; break;
    case 3: detector = "bocpd"; break;
    case 4: detector = "outlier"; break;
  }
  std::vector<DetectorInput> inputs(10000);
  testing::Rng rng(3);
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    inputs[i].series.values = testing::NormalNoise(rng, 120, 1.0, 50.0);
    if (i % 3 == 0) testing::AddShift(inputs[i].series.values, 40 + i % 60, 2.5);
  }
  const DetectorRegistry& registry = DetectorRegistry::Builtin();
  for (auto _ : state) {
    std::size_t findings = 0;
    for (const DetectorInput& input : inputs) findings += registry.Run(detector, input, {})->findings.size();
    benchmark::DoNotOptimize(findings);
  }
  state.SetLabel(detector);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(inputs.size()));
}
BENCHMARK(BM_AllShiftDetectors10kMonthlySeries)->DenseRange(0, 4)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace kpiwatch

BENCHMARK_MAIN();
