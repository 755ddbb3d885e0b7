#include "detectors/stats/brown_forsythe.h"

#include <cmath>

#include "detectors/stats/distributions.h"
#include "detectors/stats/robust.h"

namespace kpiwatch::stats {

Result<BrownForsytheResult> BrownForsythe(const std::vector<std::vector<double>>& groups) {
  if (groups.size() < 2) return Status::InvalidArgument("Brown-Forsythe: need at least 2 groups");
  std::vector<std::vector<double>> deviations;
  double grand_sum = 0.0;
  double total = 0.0;
  for (const std::vector<double>& group : groups) {
    if (group.size() < 2) {
      return Status::InvalidArgument("Brown-Forsythe: every group needs at least 2 values");
    }
    double median = Median(group);
    std::vector<double> absolute;
    for (double y : group) absolute.push_back(std::abs(y - median));
    for (double z : absolute) grand_sum += z;
    total += static_cast<double>(group.size());
    deviations.push_back(std::move(absolute));
  }
  double grand_mean = grand_sum / total;
  BrownForsytheResult result;
  double between = 0.0;
  double within = 0.0;
  for (const std::vector<double>& group : deviations) {
    double mean = Mean(group);
    result.mean_absolute_deviation.push_back(mean);
    between += static_cast<double>(group.size()) * (mean - grand_mean) * (mean - grand_mean);
    for (double z : group) within += (z - mean) * (z - mean);
  }
  result.df_between = static_cast<double>(groups.size() - 1);
  result.df_within = total - static_cast<double>(groups.size());
  if (!(within > 0.0)) {
    return Status::InvalidArgument("Brown-Forsythe: no spread of deviations within groups");
  }
  result.f = (between / result.df_between) / (within / result.df_within);
  result.p_value = FUpperTail(result.f, result.df_between, result.df_within);
  return result;
}

}  // namespace kpiwatch::stats
