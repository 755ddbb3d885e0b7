// Seeded random draws for the simulated scenarios: expected values with seasonality and
// trend, and the noise around them (Poisson counts, binomial rates, AR(1) factors).
//
// Every series gets its own engine from (scenario seed, indicator, unit), so one series'
// draws do not depend on which other series were generated before it.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "detectors/core/period.h"
#include "rules/simulation/effects.h"

namespace kpiwatch::simulation {

// Monthly multipliers, January first (mean about 1).
using MonthlyProfile = std::array<double, 12>;
inline constexpr MonthlyProfile kFlatProfile = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};

// The engine for one series: seeded from the scenario seed and a hash (FNV-1a) of
// "indicator/unit", through std::seed_seq.
Rng SeriesRng(std::uint64_t seed, std::string_view indicator, std::string_view unit);

// Expected values level * profile[month] * (1 + trend_per_year * years since the first
// period), one per period.
std::vector<double> ExpectedMonthly(const std::vector<Period>& periods, double level,
                                    const MonthlyProfile& profile, double trend_per_year);

// One Poisson draw per mean (means <= 0 give 0).
std::vector<double> PoissonDraws(Rng& rng, const std::vector<double>& means);

// 100 * k / n with k ~ Binomial(n, probability[i]) per period, rounded to 0.1;
// 0 where n is 0. probability and n have one entry per period.
std::vector<double> BinomialPercent(Rng& rng, const std::vector<double>& probability,
                                    const std::vector<double>& n);

// Multiplicative noise exp(x_t) for a stationary AR(1) x_t = phi x_{t-1} + e_t,
// e ~ N(0, sd^2): slowly wandering factors around 1 for stocks and survey means.
std::vector<double> Ar1Factors(Rng& rng, std::size_t count, double phi, double sd);

// x rounded to a multiple of `step` (e.g. 0.1, 0.01, 1).
double RoundTo(double x, double step);

}  // namespace kpiwatch::simulation
