#include "detectors/stats/density.h"

#include <cmath>
#include <vector>

namespace kpiwatch::stats {

Result<double> LocalLinearDensityAtBoundary(std::span<const double> x, double cutoff,
                                            double bin_width, double bandwidth, bool above) {
  if (!(bin_width > 0.0) || !(bandwidth > bin_width) || x.empty()) {
    return Status::InvalidArgument("density: need data and 0 < bin width < bandwidth");
  }
  constexpr double kMaxBins = 1e6;
  const double bin_count = std::ceil(bandwidth / bin_width);
  if (!(bin_count <= kMaxBins)) {
    return Status::InvalidArgument("density: more than a million bins within the bandwidth");
  }
  const auto bins = static_cast<std::size_t>(bin_count);
  if (bins < 2) return Status::InvalidArgument("density: fewer than 2 bins within the bandwidth");
  std::vector<double> counts(bins, 0.0);
  for (double v : x) {
    double offset = above ? v - cutoff : cutoff - v;  // distance into this side
    if (above ? offset < 0.0 : offset <= 0.0) continue;
    const double bin_index = std::floor(offset / bin_width);
    if (!(bin_index <= bin_count)) continue;  // beyond the bandwidth (or not a number)
    auto bin = static_cast<std::size_t>(bin_index);
    if (!above && offset == bin_index * bin_width) bin -= 1;  // (a, b] below
    if (bin < bins) counts[bin] += 1.0;
  }
  const double n = static_cast<double>(x.size());
  // Weighted least squares of height on distance d_j with triangle weights; f = intercept.
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, t0 = 0.0, t1 = 0.0;
  for (std::size_t j = 0; j < bins; ++j) {
    double distance = (static_cast<double>(j) + 0.5) * bin_width;
    double weight = std::max(0.0, 1.0 - distance / bandwidth);
    double height = counts[j] / (n * bin_width);
    s0 += weight;
    s1 += weight * distance;
    s2 += weight * distance * distance;
    t0 += weight * height;
    t1 += weight * distance * height;
  }
  double determinant = s0 * s2 - s1 * s1;
  if (!(determinant > 0.0)) return Status::InvalidArgument("density: degenerate local fit");
  return (s2 * t0 - s1 * t1) / determinant;
}

Result<DensityJump> McCraryTest(std::span<const double> x, double cutoff, double bin_width,
                                double bandwidth) {
  Result<double> below = LocalLinearDensityAtBoundary(x, cutoff, bin_width, bandwidth, false);
  if (!below.ok()) return below.status();
  Result<double> above = LocalLinearDensityAtBoundary(x, cutoff, bin_width, bandwidth, true);
  if (!above.ok()) return above.status();
  if (!(*below > 0.0) || !(*above > 0.0)) {
    return Status::InvalidArgument("density: a one-sided density estimate is not positive");
  }
  DensityJump jump;
  jump.density_below = *below;
  jump.density_above = *above;
  jump.log_difference = std::log(*above) - std::log(*below);
  const double n = static_cast<double>(x.size());
  jump.standard_error =
      std::sqrt((1.0 / (n * bandwidth)) * (24.0 / 5.0) * (1.0 / *above + 1.0 / *below));
  jump.z = jump.log_difference / jump.standard_error;
  return jump;
}

}  // namespace kpiwatch::stats
