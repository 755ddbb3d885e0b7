#include "rules/simulation/effects.h"

#include <algorithm>
#include <cmath>

namespace kpiwatch::simulation {

void ScaleFrom(std::vector<double>& values, std::size_t from, double factor, std::size_t ramp) {
  for (std::size_t i = from; i < values.size(); ++i) {
    double progress = ramp <= 1 ? 1.0 : std::min(1.0, double(i - from + 1) / double(ramp));
    values[i] *= 1.0 + (factor - 1.0) * progress;
  }
}

void ScaleAt(std::vector<double>& values, std::size_t index, double factor) {
  if (index < values.size()) values[index] *= factor;
}

std::size_t MoveIntoBand(std::vector<double>& values, double from_low, double from_high,
                         double to_low, double to_high, double probability, Rng& rng) {
  std::bernoulli_distribution moved(probability);
  std::uniform_real_distribution<double> landing(to_low, to_high);
  std::size_t count = 0;
  for (double& value : values) {
    if (value < from_low || value >= from_high || !moved(rng)) continue;
    value = landing(rng);
    ++count;
  }
  return count;
}

void HugTarget(std::vector<double>& values, std::size_t from, double target, double band,
               double keep, Rng& rng) {
  std::uniform_real_distribution<double> lift(0.0, band);
  for (std::size_t i = from; i < values.size(); ++i) {
    double distance = values[i] - target;
    values[i] = distance < 0 ? target + lift(rng) : target + keep * distance;
  }
}

std::size_t InventRoundAmounts(std::vector<double>& amounts, double share, double low,
                               double high, double multiple, Rng& rng) {
  std::bernoulli_distribution invented(share);
  std::uniform_real_distribution<double> amount(low, high);
  std::size_t count = 0;
  for (double& value : amounts) {
    if (!invented(rng)) continue;
    value = std::max(multiple, std::round(amount(rng) / multiple) * multiple);
    ++count;
  }
  return count;
}

void ShrinkTowardExpected(std::vector<double>& values, const std::vector<double>& expected,
                          std::size_t from, double variance_factor) {
  double keep = std::sqrt(variance_factor);
  for (std::size_t i = from; i < values.size() && i < expected.size(); ++i) {
    values[i] = expected[i] + keep * (values[i] - expected[i]);
  }
}

}  // namespace kpiwatch::simulation
