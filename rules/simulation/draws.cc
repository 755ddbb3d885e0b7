#include "rules/simulation/draws.h"

#include <cmath>
#include <random>

namespace kpiwatch::simulation {

Rng SeriesRng(std::uint64_t seed, std::string_view indicator, std::string_view unit) {
  std::uint64_t hash = 14695981039346656037ull;  // FNV-1a offset basis
  auto mix = [&hash](std::string_view text) {
    for (char c : text) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 1099511628211ull;  // FNV-1a prime
    }
  };
  mix(indicator);
  mix("/");
  mix(unit);
  std::seed_seq sequence{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
                         static_cast<std::uint32_t>(hash), static_cast<std::uint32_t>(hash >> 32)};
  return Rng(sequence);
}

std::vector<double> ExpectedMonthly(const std::vector<Period>& periods, double level,
                                    const MonthlyProfile& profile, double trend_per_year) {
  std::vector<double> expected;
  expected.reserve(periods.size());
  for (const Period& period : periods) {
    double years = double(period.ordinal() - periods.front().ordinal()) / 12.0;
    expected.push_back(level * profile[period.position_in_year() - 1] *
                       (1.0 + trend_per_year * years));
  }
  return expected;
}

std::vector<double> PoissonDraws(Rng& rng, const std::vector<double>& means) {
  std::vector<double> draws;
  draws.reserve(means.size());
  for (double mean : means) {
    if (mean <= 0) {
      draws.push_back(0.0);
      continue;
    }
    std::poisson_distribution<long> poisson(mean);
    draws.push_back(double(poisson(rng)));
  }
  return draws;
}

std::vector<double> BinomialPercent(Rng& rng, const std::vector<double>& probability,
                                    const std::vector<double>& n) {
  std::vector<double> percent;
  percent.reserve(n.size());
  for (std::size_t i = 0; i < n.size(); ++i) {
    long trials = std::lround(n[i]);
    if (trials <= 0) {
      percent.push_back(0.0);
      continue;
    }
    std::binomial_distribution<long> binomial(trials, probability[i]);
    percent.push_back(RoundTo(100.0 * double(binomial(rng)) / double(trials), 0.1));
  }
  return percent;
}

std::vector<double> Ar1Factors(Rng& rng, std::size_t count, double phi, double sd) {
  std::normal_distribution<double> normal(0.0, sd);
  std::vector<double> factors;
  factors.reserve(count);
  double x = normal(rng) / std::sqrt(1.0 - phi * phi);
  for (std::size_t i = 0; i < count; ++i) {
    x = phi * x + normal(rng);
    factors.push_back(std::exp(x));
  }
  return factors;
}

double RoundTo(double x, double step) {
  // Dividing by a whole number keeps 62.3 from printing as 62.300000000000004.
  if (step < 1.0) {
    double per_unit = std::round(1.0 / step);
    return std::round(x * per_unit) / per_unit;
  }
  return std::round(x / step) * step;
}

}  // namespace kpiwatch::simulation
