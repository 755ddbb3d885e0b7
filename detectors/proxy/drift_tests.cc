#include "detectors/proxy/drift_tests.h"

#include <algorithm>
#include <span>
#include <vector>

#include "detectors/stats/regression.h"
#include "detectors/stats/robust.h"

namespace kpiwatch::proxy {
namespace {

constexpr double kMaxRho = 0.95;  // keeps the quasi-differenced intercept away from 0

std::optional<CorrelationWindows> CompareWindows(const ProxyDesign& design, std::size_t window) {
  const auto n = static_cast<std::size_t>(design.y.size());
  if (window < 4 || 2 * window > n) return std::nullopt;
  const Eigen::VectorXd proxy = design.x.col(1);
  auto correlation = [&](std::size_t begin) {
    return stats::PearsonCorrelation(std::span(proxy.data() + begin, window),
                                     std::span(design.y.data() + begin, window));
  };
  CorrelationWindows windows;
  windows.reference = correlation(0);
  windows.recent = correlation(n - window);
  const int size = static_cast<int>(window);
  windows.test = stats::CompareCorrelations(windows.reference, size, windows.recent, size);
  return windows;
}

// The AR(1) coefficient of the errors. The lag-1 autocorrelation of the full-sample
// residuals (r_full) is efficient under H0 but mistakes a level shift for strong
// autocorrelation, and quasi-differencing with it would then remove most of the break.
// The estimate from first differences of the residuals (for AR(1) errors
// corr(de_t, de_(t-1)) = -(1 - rho)/2, so r_diff = 1 + 2 r_d) is barely moved by a
// break (it spoils one difference) but noisier. r_full is used unless it exceeds r_diff
// by more than kBreakSignal, which sampling error alone rarely produces at n >= 30.
constexpr double kBreakSignal = 0.25;

Result<double> ErrorAutocorrelation(const Eigen::MatrixXd& x, const Eigen::VectorXd& y) {
  Result<stats::OlsFit> fit = stats::FitOls(x, y);
  if (!fit.ok()) return fit.status();
  const Eigen::VectorXd& e = fit->residuals;
  std::vector<double> differences(static_cast<std::size_t>(e.size() - 1));
  for (Eigen::Index t = 1; t < e.size(); ++t) differences[static_cast<std::size_t>(t - 1)] = e(t) - e(t - 1);
  const double from_differences = 1.0 + 2.0 * stats::Lag1Autocorrelation(differences);
  const double from_levels = stats::Lag1Autocorrelation(std::span(e.data(), static_cast<std::size_t>(e.size())));
  const double rho = from_levels - from_differences > kBreakSignal ? from_differences : from_levels;
  return std::clamp(rho, -kMaxRho, kMaxRho);
}

}  // namespace

Result<DriftTestResults> RunDriftTests(const ProxyDesign& design, const DriftTestOptions& options) {
  DriftTestResults results;
  Eigen::MatrixXd x = design.x;
  Eigen::VectorXd y = design.y;
  std::size_t offset = 0;  // test row r is design row r + offset
  if (options.prewhiten) {
    Result<double> rho = ErrorAutocorrelation(x, y);
    if (!rho.ok()) return rho.status();
    results.rho = *rho;
    QuasiDifference(results.rho, x, y);
    offset = 1;
  }
  Result<stats::CusumTest> recursive = stats::RunCusumTest(stats::CusumKind::kRecursive, x, y);
  if (!recursive.ok()) return recursive.status();
  results.recursive_cusum = *recursive;
  Result<stats::CusumTest> ols = stats::RunCusumTest(stats::CusumKind::kOls, x, y);
  if (!ols.ok()) return ols.status();
  results.ols_cusum = *ols;
  Result<stats::FStatistics> sup_f = stats::ComputeFStatistics(x, y, options.trim);
  if (!sup_f.ok()) return sup_f.status();
  results.sup_f = *sup_f;
  results.sup_f_split = sup_f->sup_split + offset;
  if (options.known_split && *options.known_split > offset) {
    Result<stats::ChowTest> chow = stats::RunChowTest(x, y, *options.known_split - offset);
    if (chow.ok()) {
      results.chow = *chow;
      results.chow_split = *options.known_split;
    }
  }
  results.correlation = CompareWindows(design, options.correlation_window);
  return results;
}

}  // namespace kpiwatch::proxy
