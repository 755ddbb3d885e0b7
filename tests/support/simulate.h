// Seeded generators for simulation tests: every series comes from an explicit seed,
// so a failing run can be replayed exactly.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace kpiwatch::testing {

using Rng = std::mt19937_64;

// n independent Normal(mean, sd) values.
std::vector<double> NormalNoise(Rng& rng, std::size_t n, double sd = 1.0, double mean = 0.0);
// n values of a stationary AR(1) process x_t = phi x_{t-1} + e_t with e ~ N(0, sd^2),
// started from its stationary distribution.
std::vector<double> Ar1Noise(Rng& rng, std::size_t n, double phi, double sd = 1.0);
// n independent Poisson(mean) counts.
std::vector<double> PoissonCounts(Rng& rng, std::size_t n, double mean);
// Adds `shift` to x[from...].
void AddShift(std::vector<double>& x, std::size_t from, double shift);

}  // namespace kpiwatch::testing
