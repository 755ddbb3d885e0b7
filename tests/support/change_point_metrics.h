// Precision, recall and F1 of detected change points against the true ones.
#pragma once

#include <cstddef>
#include <vector>

namespace kpiwatch::testing {

struct ChangePointCounts {
  std::size_t true_positives = 0;
  std::size_t detected = 0;
  std::size_t actual = 0;

  void Add(const ChangePointCounts& other);
  double Precision() const;  // 1 when nothing was detected
  double Recall() const;     // 1 when there was nothing to find
  double F1() const;
};

// Matches each detected row to at most one true row within `margin` rows (greedy, in
// row order, nearest first) and counts the matches.
ChangePointCounts MatchChangePoints(const std::vector<std::size_t>& truth,
                                    const std::vector<std::size_t>& detected, std::size_t margin);

}  // namespace kpiwatch::testing
