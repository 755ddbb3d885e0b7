// F tests for a structural break in a linear regression: the Chow test at a known
// date and the sup-F test over unknown dates, computed as R's strucchange does
// (sctest(type = "Chow"), Fstats, sctest.Fstats, pvalue.Fstats).
//
// Null hypothesis: y = X beta + e with the same beta over the whole sample (iid
// errors). Alternative: beta changes once, after the first `split` rows.
//
// Splits are counted as in strucchange: a split s puts rows [0, s) in the first
// segment, so s is also the 0-based row of the first observation of the new regime.
//
// References: Chow (1960), "Tests of equality between sets of coefficients in two
// linear regressions", Econometrica 28, 591-605; Andrews (1993), "Tests for parameter
// instability and structural change with unknown change point", Econometrica 61,
// 821-856; Hansen (1997), "Approximate asymptotic p values for structural-change
// tests", JBES 15, 60-67.
#pragma once

#include <cstddef>
#include <vector>

#include <Eigen/Dense>

#include "detectors/core/status.h"

namespace kpiwatch::stats {

struct ChowTest {
  std::size_t split = 0;
  double f = 0.0;        // ((RSS - RSS1 - RSS2) / k) / ((RSS1 + RSS2) / (n - 2k))
  double p_value = 1.0;  // P(F(k, n - 2k) > f)
  double rss_pooled = 0.0;
  double rss_split = 0.0;  // RSS1 + RSS2
  int df1 = 0;
  int df2 = 0;
};

// Chow test for a break after `split` rows. Error unless k < split < n - k (as
// strucchange requires) or a segment cannot be fitted (collinear within a segment).
Result<ChowTest> RunChowTest(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, std::size_t split);

struct FStatistics {
  // Candidate splits from..to (strucchange: from = floor(trim n), to = n - from, moved
  // inside [k + 1, n - k - 1] when needed).
  std::size_t from = 0;
  std::size_t to = 0;
  // F statistic of each candidate split, in strucchange's chi-square scaling
  // (RSS - RSS_split) / (RSS_split / (n - 2k)), i.e. k times the Chow F.
  std::vector<double> f;
  double lambda = 0.0;        // ((n - from) to) / (from (n - to)), for the p-value
  double sup_f = 0.0;         // max of f
  std::size_t sup_split = 0;  // the split at the maximum (first one on ties)
  double p_value = 1.0;       // SupFPValue(sup_f, k, lambda)
  double min_rss = 0.0;       // RSS of the best split
};

// The F statistics for every split with trimming `trim` in (0, 0.5) of the sample at
// each end (Andrews' sup-F test). Error when no admissible split remains or a
// segment cannot be fitted.
Result<FStatistics> ComputeFStatistics(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                       double trim = 0.15);

// Asymptotic p-value of a sup-F statistic (chi-square scaling, k restricted
// coefficients, trimming given by lambda as in FStatistics) by Hansen's (1997)
// response surface, interpolated in the trimming exactly as strucchange's
// pvalue.Fstats does. k above 40 uses the k = 40 row (as strucchange).
double SupFPValue(double sup_f, int k, double lambda);

}  // namespace kpiwatch::stats
