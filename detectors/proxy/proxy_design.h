// The regression behind proxy_drift: outcome ~ 1 + proxy [+ further proxies]
// [+ seasonal dummies], on the periods where proxy and outcome are both observed.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "detectors/core/series.h"
#include "detectors/core/status.h"

namespace kpiwatch::proxy {

struct ProxyDesign {
  Eigen::MatrixXd x;  // columns: intercept, the proxy, further proxies, seasonal dummies
  Eigen::VectorXd y;  // the outcome
  // For each design row, the row of the proxy series (DetectorInput::series) it came from.
  std::vector<std::size_t> series_rows;
  std::vector<std::string> column_names;  // "intercept", the proxy's indicator id, ...
  std::string outcome_name;
};

// Builds the design from `input`: the series under test is the proxy, the first related
// series with Relation::kOutcome the outcome, related kProxy series further
// regressors. Rows are matched by period when every series has periods, otherwise by
// position (then the lengths must be equal); rows with a NaN anywhere are dropped.
// `seasonal` adds one dummy per month/quarter of the year but the first (needs a
// monthly or quarterly series). Errors (kFailedPrecondition) say what is missing.
Result<ProxyDesign> BuildProxyDesign(const DetectorInput& input, bool seasonal);

// Quasi-differences every row: row t becomes row t - rho * row (t-1), for t >= 1
// (Cochrane & Orcutt 1949), so AR(1) errors with coefficient rho become white noise.
// The first row is dropped, so transformed row t - 1 belongs to design row t.
void QuasiDifference(double rho, Eigen::MatrixXd& x, Eigen::VectorXd& y);

}  // namespace kpiwatch::proxy
