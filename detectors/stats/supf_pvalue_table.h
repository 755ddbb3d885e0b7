// Hansen's (1997) response-surface table for sup-F p-values (see supf_pvalue_table.cc).
// Used only by SupFPValue in structural_change.h.
#pragma once

namespace kpiwatch::stats {

inline constexpr int kSupFTableMaxRegressors = 40;
inline constexpr int kSupFTableTrimPoints = 25;
inline constexpr int kSupFTableRows = kSupFTableMaxRegressors * kSupFTableTrimPoints;
inline constexpr int kSupFTableColumns = 3;

// Row (k - 1) * 25 + (j - 1) holds {b0, b1, df} for k regressors and trimming
// tau = 0.51 - 0.02 j: p = P(chi2(df) > max(0, b0 + b1 * supF)).
extern const double kSupFResponseSurface[kSupFTableRows][kSupFTableColumns];

}  // namespace kpiwatch::stats
