// Registry entries of the shift detector family: sudden changes in level or rate and
// single-period anomalies of one series.
#include "detectors/core/registry.h"
#include "detectors/shift/bocpd_detector.h"
#include "detectors/shift/cusum_detector.h"
#include "detectors/shift/outlier_detector.h"
#include "detectors/shift/segmentation_detector.h"

namespace kpiwatch {

std::vector<DetectorInfo> ShiftDetectors() {
  return {
      {.name = "pelt",
       .family = "shift",
       .summary = "change points in level, level and spread, or rate (exact penalised likelihood, PELT)",
       .null_hypothesis = "one constant mean (or mean and variance, or rate) over the whole series",
       .shape = InputShape::kSeries,
       .params = shift::SegmentationParams(),
       .run = shift::RunPelt},
      {.name = "binseg",
       .family = "shift",
       .summary = "change points by binary segmentation (fast, approximate; same costs as pelt)",
       .null_hypothesis = "one constant mean (or mean and variance, or rate) over the whole series",
       .shape = InputShape::kSeries,
       .params = shift::SegmentationParams(),
       .run = shift::RunBinseg},
      {.name = "cusum",
       .family = "shift",
       .summary = "sustained drift away from a robust baseline (two-sided tabular CUSUM)",
       .null_hypothesis = "the values stay at the baseline level (median of the baseline rows)",
       .shape = InputShape::kSeries,
       .params = shift::CusumParams(),
       .run = shift::RunCusumDetector,
       .resume = shift::ResumeCusumDetector},
      {.name = "bocpd",
       .family = "shift",
       .summary = "change points with their posterior probability (Bayesian online detection)",
       .null_hypothesis = "no new segment (Normal, unknown mean and variance) starts near the row",
       .shape = InputShape::kSeries,
       .params = shift::BocpdParams(),
       .run = shift::RunBocpdDetector},
      {.name = "outlier",
       .family = "shift",
       .summary = "single-period anomalies after seasonal adjustment (robust z, generalized ESD)",
       .null_hypothesis = "the seasonally adjusted residuals are i.i.d. Normal with no outlier",
       .shape = InputShape::kSeries,
       .params = shift::OutlierParams(),
       .run = shift::RunOutlierDetector},
  };
}

}  // namespace kpiwatch
