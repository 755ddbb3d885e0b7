#include "detectors/proxy/drift_tests.h"

#include <algorithm>
#include <span>

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

}  // namespace

Result<DriftTestResults> RunDriftTests(const ProxyDesign& design, const DriftTestOptions& options) {
  DriftTestResults results;
  Eigen::MatrixXd x = design.x;
  Eigen::VectorXd y = design.y;
  std::size_t offset = 0;  // test row r is design row r + offset
  if (options.prewhiten) {
    Result<stats::OlsFit> fit = stats::FitOls(x, y);
    if (!fit.ok()) return fit.status();
    const Eigen::VectorXd& e = fit->residuals;
    results.rho = std::clamp(stats::Lag1Autocorrelation(std::span(e.data(), static_cast<std::size_t>(e.size()))),
                             -kMaxRho, kMaxRho);
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
