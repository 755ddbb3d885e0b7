#include "detectors/stats/fluctuation_tests.h"

#include <algorithm>
#include <cmath>

#include "detectors/stats/distributions.h"
#include "detectors/stats/recursive_residuals.h"
#include "detectors/stats/regression.h"

namespace kpiwatch::stats {
namespace {

// Standard deviation around the mean with the given degrees of freedom.
double CenteredScale(const Eigen::VectorXd& values, double degrees_of_freedom) {
  const double mean = values.mean();
  return std::sqrt((values.array() - mean).square().sum() / degrees_of_freedom);
}

Eigen::VectorXd CumulatedFromZero(const Eigen::VectorXd& values, double scale) {
  Eigen::VectorXd process(values.size() + 1);
  process(0) = 0.0;
  for (Eigen::Index i = 0; i < values.size(); ++i) process(i + 1) = process(i) + values(i) / scale;
  return process;
}

// Fills statistic, peak_row and p_value from the process, as sctest.efp does.
void Summarise(CusumTest& test) {
  const Eigen::Index m = test.process.size() - 1;
  double best = -1.0;
  Eigen::Index best_j = 1;
  for (Eigen::Index j = 1; j <= m; ++j) {
    double value = std::abs(test.process(j));
    if (test.kind == CusumKind::kRecursive) {
      value /= 1.0 + 2.0 * static_cast<double>(j) / static_cast<double>(m);
    }
    if (value > best) {
      best = value;
      best_j = j;
    }
  }
  test.statistic = best;
  test.peak_row = test.RowOfElement(static_cast<std::size_t>(best_j));
  test.p_value = test.kind == CusumKind::kRecursive ? RecursiveCusumPValue(best)
                                                     : OlsCusumPValue(best);
}

}  // namespace

const char* CusumKindName(CusumKind kind) {
  return kind == CusumKind::kRecursive ? "rec_cusum" : "ols_cusum";
}

std::size_t CusumTest::RowOfElement(std::size_t j) const {
  const std::size_t m = static_cast<std::size_t>(process.size()) - 1;
  if (kind == CusumKind::kOls) return j - 1;
  // Rec-CUSUM: m = n - k elements, the first ending with row k = n - m.
  const std::size_t regressors = static_cast<std::size_t>(rows) - m;
  return regressors + j - 1;
}

double CusumTest::Boundary(double critical_value, std::size_t j) const {
  if (kind == CusumKind::kOls) return critical_value;
  const double m = static_cast<double>(process.size() - 1);
  return critical_value * (1.0 + 2.0 * static_cast<double>(j) / m);
}

std::optional<std::size_t> CusumTest::FirstCrossing(double critical_value) const {
  for (Eigen::Index j = 1; j < process.size(); ++j) {
    const auto element = static_cast<std::size_t>(j);
    if (std::abs(process(j)) > Boundary(critical_value, element)) return element;
  }
  return std::nullopt;
}

Result<CusumTest> RunCusumTest(CusumKind kind, const Eigen::MatrixXd& x, const Eigen::VectorXd& y) {
  CusumTest test;
  test.kind = kind;
  test.rows = x.rows();
  const double n = static_cast<double>(x.rows());
  const double k = static_cast<double>(x.cols());
  if (kind == CusumKind::kRecursive) {
    Result<Eigen::VectorXd> w = RecursiveResiduals(x, y);
    if (!w.ok()) return w.status();
    if (w->size() < 2) return Status::InvalidArgument("rec_cusum: needs n >= k + 2 observations");
    const double scale = CenteredScale(*w, static_cast<double>(w->size() - 1));
    if (!(scale > 0.0)) return Status::InvalidArgument("rec_cusum: recursive residuals are constant");
    test.process = CumulatedFromZero(*w, scale * std::sqrt(n - k));
  } else {
    Result<OlsFit> fit = FitOls(x, y);
    if (!fit.ok()) return fit.status();
    const double scale = CenteredScale(fit->residuals, n - k);
    if (!(scale > 0.0)) return Status::InvalidArgument("ols_cusum: the regression fits exactly");
    test.process = CumulatedFromZero(fit->residuals, scale * std::sqrt(n));
  }
  Summarise(test);
  return test;
}

double RecursiveCusumPValue(double statistic) {
  const double x = statistic;
  if (x < 0.3) return 1.0 - 0.1465 * x;
  const double p = 2.0 * (NormalUpperTail(3.0 * x) +
                          std::exp(-4.0 * x * x) * (1.0 - NormalUpperTail(x) - NormalUpperTail(5.0 * x)) -
                          std::exp(-16.0 * x * x) * NormalUpperTail(x));
  return std::clamp(p, 0.0, 1.0);
}

double OlsCusumPValue(double statistic) {
  const double x = statistic;
  if (x < 0.1) return 1.0;
  double sum = 0.0;
  for (int i = 1; i <= 100; ++i) {
    sum += ((i % 2 == 0) ? 1.0 : -1.0) * std::exp(-2.0 * i * i * x * x);
  }
  return std::clamp(-2.0 * sum, 0.0, 1.0);
}

double CusumCriticalValue(CusumKind kind, double alpha) {
  auto p_value = [kind](double c) {
    return kind == CusumKind::kRecursive ? RecursiveCusumPValue(c) : OlsCusumPValue(c);
  };
  double low = 0.0;
  double high = 20.0;
  while (high - low > 1e-12) {
    const double middle = 0.5 * (low + high);
    (p_value(middle) > alpha ? low : high) = middle;
  }
  return 0.5 * (low + high);
}

}  // namespace kpiwatch::stats
