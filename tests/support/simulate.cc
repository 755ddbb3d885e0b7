#include "tests/support/simulate.h"

#include <cmath>

namespace kpiwatch::testing {

std::vector<double> NormalNoise(Rng& rng, std::size_t n, double sd, double mean) {
  std::normal_distribution<double> normal(mean, sd);
  std::vector<double> x(n);
  for (double& v : x) v = normal(rng);
  return x;
}

std::vector<double> Ar1Noise(Rng& rng, std::size_t n, double phi, double sd) {
  std::normal_distribution<double> normal(0.0, sd);
  std::vector<double> x(n);
  double previous = normal(rng) / std::sqrt(1.0 - phi * phi);
  for (double& v : x) {
    v = phi * previous + normal(rng);
    previous = v;
  }
  return x;
}

std::vector<double> PoissonCounts(Rng& rng, std::size_t n, double mean) {
  std::poisson_distribution<long> poisson(mean);
  std::vector<double> x(n);
  for (double& v : x) v = static_cast<double>(poisson(rng));
  return x;
}

void AddShift(std::vector<double>& x, std::size_t from, double shift) {
  for (std::size_t i = from; i < x.size(); ++i) x[i] += shift;
}

}  // namespace kpiwatch::testing
