#include "detectors/stats/bootstrap.h"

#include <cmath>

#include "detectors/stats/robust.h"

namespace kpiwatch::stats {

std::vector<double> Resample(std::span<const double> data, BootstrapRng& rng) {
  std::vector<double> resample(data.size());
  if (data.empty()) return resample;
  std::uniform_int_distribution<std::size_t> pick(0, data.size() - 1);
  for (double& v : resample) v = data[pick(rng)];
  return resample;
}

std::vector<double> BootstrapReplicates(std::span<const double> data, int replicates,
                                        BootstrapRng& rng, const Statistic& statistic) {
  std::vector<double> values;
  if (data.empty() || replicates <= 0) return values;
  values.reserve(static_cast<std::size_t>(replicates));
  for (int r = 0; r < replicates; ++r) values.push_back(statistic(Resample(data, rng)));
  return values;
}

double BootstrapStandardError(std::span<const double> replicates) {
  return std::sqrt(Variance(replicates));
}

}  // namespace kpiwatch::stats
