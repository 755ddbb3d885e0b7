#include "rules/evaluation/false_discovery.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "rules/evaluation/evaluator.h"

namespace kpiwatch {
namespace {

// Indices of the non-NaN p-values, by ascending p (ties in input order).
std::vector<std::size_t> RankedIndices(std::span<const double> p_values) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < p_values.size(); ++i) {
    if (!std::isnan(p_values[i])) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return p_values[a] < p_values[b]; });
  return order;
}

}  // namespace

std::vector<bool> BenjaminiHochberg(std::span<const double> p_values, double q) {
  std::vector<bool> rejected(p_values.size(), false);
  std::vector<std::size_t> order = RankedIndices(p_values);
  const double m = static_cast<double>(order.size());
  std::size_t cut = 0;  // number of rejections: the largest k with p_(k) <= k q / m
  for (std::size_t k = 1; k <= order.size(); ++k) {
    if (p_values[order[k - 1]] <= static_cast<double>(k) * q / m) cut = k;
  }
  for (std::size_t k = 0; k < cut; ++k) rejected[order[k]] = true;
  return rejected;
}

std::vector<double> BenjaminiHochbergAdjusted(std::span<const double> p_values) {
  std::vector<double> adjusted(p_values.size(), std::numeric_limits<double>::quiet_NaN());
  std::vector<std::size_t> order = RankedIndices(p_values);
  const double m = static_cast<double>(order.size());
  double running_min = 1.0;
  for (std::size_t k = order.size(); k >= 1; --k) {
    running_min = std::min(running_min, m * p_values[order[k - 1]] / static_cast<double>(k));
    adjusted[order[k - 1]] = running_min;
  }
  return adjusted;
}

}  // namespace kpiwatch
