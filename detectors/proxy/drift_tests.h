// The battery of stability tests proxy_drift runs on one proxy design (see
// proxy_drift.h for the method and references).
#pragma once

#include <cstddef>
#include <optional>

#include "detectors/core/status.h"
#include "detectors/proxy/proxy_design.h"
#include "detectors/stats/correlation.h"
#include "detectors/stats/fluctuation_tests.h"
#include "detectors/stats/structural_f_tests.h"

namespace kpiwatch::proxy {

struct DriftTestOptions {
  bool prewhiten = true;  // Cochrane-Orcutt quasi-differencing first (rho from the one-break fit)
  double trim = 0.15;                     // sup-F trimming at each end
  std::optional<std::size_t> known_split;  // Chow test: first design row of the new regime
  std::size_t correlation_window = 24;    // rows in the reference and the recent window
};

struct CorrelationWindows {
  double reference = 0.0;  // correlation of proxy and outcome, first window
  double recent = 0.0;     // last window
  stats::CorrelationComparison test;
};

struct DriftTestResults {
  double rho = 0.0;  // AR(1) coefficient removed by prewhitening (0 without)
  stats::CusumTest recursive_cusum;
  stats::CusumTest ols_cusum;
  stats::FStatistics sup_f;
  std::size_t sup_f_split = 0;  // least-squares break date as a design row (new regime's first)
  std::optional<stats::ChowTest> chow;  // when a known split is admissible
  std::size_t chow_split = 0;           // design row
  std::optional<CorrelationWindows> correlation;  // when 2 windows fit in the sample
};

// Runs every test. Rows of the test regressions are design rows, shifted by one when
// prewhitened; splits are reported as design rows. Error when a regression cannot be
// fitted (too few rows, collinear columns, no admissible sup-F split).
Result<DriftTestResults> RunDriftTests(const ProxyDesign& design, const DriftTestOptions& options);

}  // namespace kpiwatch::proxy
