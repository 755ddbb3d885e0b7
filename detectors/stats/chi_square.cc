#include "detectors/stats/chi_square.h"

#include <cmath>
#include <numeric>

#include "detectors/stats/distributions.h"

namespace kpiwatch::stats {

Result<ChiSquareResult> ChiSquareGoodnessOfFit(std::span<const double> observed,
                                               std::span<const double> probabilities) {
  if (observed.size() != probabilities.size() || observed.size() < 2) {
    return Status::InvalidArgument("chi-square: need at least 2 cells and one probability per cell");
  }
  double total = 0.0;
  double probability_sum = 0.0;
  for (std::size_t i = 0; i < observed.size(); ++i) {
    if (observed[i] < 0.0 || !(probabilities[i] > 0.0)) {
      return Status::InvalidArgument("chi-square: counts must be >= 0 and probabilities > 0");
    }
    total += observed[i];
    probability_sum += probabilities[i];
  }
  if (total <= 0.0) return Status::InvalidArgument("chi-square: no observations");
  ChiSquareResult result;
  for (std::size_t i = 0; i < observed.size(); ++i) {
    double expected = total * probabilities[i] / probability_sum;
    result.statistic += (observed[i] - expected) * (observed[i] - expected) / expected;
  }
  result.df = static_cast<double>(observed.size() - 1);
  result.p_value = ChiSquareUpperTail(result.statistic, result.df);
  return result;
}

Result<TwoByTwoResult> ChiSquareTwoByTwo(double a, double b, double c, double d) {
  double row1 = a + b;
  double row2 = c + d;
  double column1 = a + c;
  double column2 = b + d;
  if (a < 0 || b < 0 || c < 0 || d < 0 || row1 <= 0 || row2 <= 0 || column1 <= 0 ||
      column2 <= 0) {
    return Status::InvalidArgument("chi-square 2x2: counts must be >= 0 with no empty row or column");
  }
  double total = row1 + row2;
  const double cells[4] = {a, b, c, d};
  const double expected[4] = {row1 * column1 / total, row1 * column2 / total,
                              row2 * column1 / total, row2 * column2 / total};
  TwoByTwoResult result;
  for (int i = 0; i < 4; ++i) {
    result.chi_square.statistic += (cells[i] - expected[i]) * (cells[i] - expected[i]) / expected[i];
  }
  result.chi_square.df = 1.0;
  result.chi_square.p_value = ChiSquareUpperTail(result.chi_square.statistic, 1.0);
  double sign = a / row1 >= c / row2 ? 1.0 : -1.0;
  result.z = sign * std::sqrt(result.chi_square.statistic);
  return result;
}

}  // namespace kpiwatch::stats
