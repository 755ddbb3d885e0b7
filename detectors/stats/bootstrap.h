// Nonparametric bootstrap (Efron & Tibshirani 1993, "An Introduction to the Bootstrap").
//
// The random engine is passed in, seeded by the caller (detectors take a `seed`
// parameter), so every result can be reproduced exactly.
#pragma once

#include <functional>
#include <random>
#include <span>
#include <vector>

namespace kpiwatch::stats {

using BootstrapRng = std::mt19937_64;
using Statistic = std::function<double(std::span<const double>)>;

// A resample of `data` with replacement, of the same size (empty for empty data).
std::vector<double> Resample(std::span<const double> data, BootstrapRng& rng);

// `replicates` values of `statistic`, each on a resample of `data` drawn with replacement
// (same size as data). Empty when data is empty or replicates <= 0.
std::vector<double> BootstrapReplicates(std::span<const double> data, int replicates,
                                        BootstrapRng& rng, const Statistic& statistic);

// The bootstrap standard error: the sample standard deviation of the replicates
// (NaN for fewer than 2 replicates).
double BootstrapStandardError(std::span<const double> replicates);

}  // namespace kpiwatch::stats
