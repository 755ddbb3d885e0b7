#include "tests/support/change_point_metrics.h"

#include <cstdlib>

namespace kpiwatch::testing {

void ChangePointCounts::Add(const ChangePointCounts& other) {
  true_positives += other.true_positives;
  detected += other.detected;
  actual += other.actual;
}

double ChangePointCounts::Precision() const {
  return detected == 0 ? 1.0 : static_cast<double>(true_positives) / static_cast<double>(detected);
}

double ChangePointCounts::Recall() const {
  return actual == 0 ? 1.0 : static_cast<double>(true_positives) / static_cast<double>(actual);
}

double ChangePointCounts::F1() const {
  double p = Precision(), r = Recall();
  return p + r == 0.0 ? 0.0 : 2.0 * p * r / (p + r);
}

ChangePointCounts MatchChangePoints(const std::vector<std::size_t>& truth,
                                    const std::vector<std::size_t>& detected, std::size_t margin) {
  ChangePointCounts counts{0, detected.size(), truth.size()};
  std::vector<bool> used(truth.size(), false);
  for (std::size_t row : detected) {
    std::size_t best = truth.size();
    long best_distance = static_cast<long>(margin) + 1;
    for (std::size_t i = 0; i < truth.size(); ++i) {
      long distance = std::labs(static_cast<long>(truth[i]) - static_cast<long>(row));
      if (!used[i] && distance < best_distance) {
        best = i;
        best_distance = distance;
      }
    }
    if (best < truth.size()) {
      used[best] = true;
      ++counts.true_positives;
    }
  }
  return counts;
}

}  // namespace kpiwatch::testing
