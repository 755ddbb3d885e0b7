// Pearson correlation and the Fisher z test comparing two independent correlations.
#pragma once

#include <span>

namespace kpiwatch::stats {

// Pearson product-moment correlation of x and y (as R's cor()). NaN when the sizes
// differ, n < 2, or either input is constant.
double PearsonCorrelation(std::span<const double> x, std::span<const double> y);

struct CorrelationComparison {
  double z = 0.0;        // (atanh(r1) - atanh(r2)) / sqrt(1/(n1 - 3) + 1/(n2 - 3))
  double p_value = 1.0;  // two-sided, standard normal
};

// Fisher's z test of H0: rho1 = rho2 for correlations r1, r2 from independent samples
// of sizes n1, n2 (Fisher 1921; e.g. Cohen et al. 2003, "Applied multiple regression",
// section 2.8). Correlations are clamped to +-(1 - 1e-12). Requires n1, n2 > 3; returns
// z = 0, p = 1 otherwise or when a correlation is NaN.
CorrelationComparison CompareCorrelations(double r1, int n1, double r2, int n2);

}  // namespace kpiwatch::stats
