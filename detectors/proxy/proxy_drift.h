// proxy_drift: the relation between a proxy and the outcome it stands in for stops
// holding.
//
// Model: outcome_t = a + b proxy_t [+ further proxies] [+ seasonal dummies] + e_t,
// least squares on the periods where both are observed. The series under test is the
// proxy; the outcome is the related series with Relation::kOutcome.
// H0: the coefficients are constant over the sample.
// Tests (all reported as evidence):
//  - recursive-residual CUSUM (Brown, Durbin & Evans 1975) and OLS-residual CUSUM
//    (Ploberger & Kraemer 1992), asymptotic p-values as strucchange;
//  - sup-F over all break dates in the middle 1 - 2 trim of the sample (Andrews 1993),
//    p-value by Hansen's (1997) approximation;
//  - Chow F test at a known date: the `break_period` parameter, else the first declared
//    definition change inside the sample (IndicatorInfo::definition_changes);
//  - Fisher z test of the proxy-outcome correlation in the first vs the last
//    `correlation_window` periods.
// With autocorrelation=prewhiten (default) the regression tests run on the
// Cochrane-Orcutt quasi-differenced data, because AR errors make all of these tests
// reject far too often; rho is the lag-1 autocorrelation of the residuals of the best
// one-break fit (so that a break is not mistaken for autocorrelation).
// The finding is decided by one test (`decision`; auto = Chow when a known date is
// given, sup-F otherwise; any = Bonferroni over all tests run) at level `alpha`. The
// break date is the known date (Chow) or the least-squares estimate (the sup-F
// argmax); coefficients before/after are fitted on the original data, and the
// misstatement is the outcome after the break minus what the pre-break relation
// predicts from the proxy.
// Not applicable without an outcome series; insufficient data below `min_points`
// matched periods.
#pragma once

#include <vector>

#include "detectors/core/finding.h"
#include "detectors/core/params.h"
#include "detectors/core/series.h"
#include "detectors/core/status.h"

namespace kpiwatch::proxy {

std::vector<ParamSpec> ProxyDriftParams();
Result<DetectorOutcome> DetectProxyDrift(const DetectorInput& input, const ParamValues& params);

}  // namespace kpiwatch::proxy
