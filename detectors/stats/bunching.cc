#include "detectors/stats/bunching.h"

#include <algorithm>
#include <cmath>

namespace kpiwatch::stats {
namespace {

constexpr int kMaxIterations = 50;
constexpr double kTolerance = 1e-9;

// Bin index relative to the threshold: bin 0 is the first bin on the bunching side.
bool IsExcluded(const BunchingDesign& design, int bin) {
  return bin >= -design.missing_bins && bin < design.bunching_bins;
}

}  // namespace

Result<BunchingEstimator> BunchingEstimator::Create(const BunchingDesign& design) {
  if (!(design.bin_width > 0.0) || design.bunching_bins < 1 || design.missing_bins < 0 ||
      design.degree < 0) {
    return Status::InvalidArgument(
        "bunching: need bin width > 0, bunching bins >= 1, missing bins >= 0");
  }
  const int fitted = 2 * design.fit_bins - design.bunching_bins - design.missing_bins;
  if (design.bunching_bins > design.fit_bins || design.missing_bins > design.fit_bins ||
      fitted < design.degree + 3) {
    return Status::InvalidArgument("bunching: too few bins outside the excluded window for the fit");
  }
  BunchingEstimator estimator(design);
  estimator.design_matrix_.resize(2 * design.fit_bins, design.degree + 1);
  for (int bin = -design.fit_bins; bin < design.fit_bins; ++bin) {
    double centre = (bin + 0.5) / design.fit_bins;  // scaled to (-1, 1)
    double power = 1.0;
    for (int d = 0; d <= design.degree; ++d, power *= centre) {
      estimator.design_matrix_(bin + design.fit_bins, d) = power;
    }
    estimator.excluded_.push_back(IsExcluded(design, bin));
  }
  return estimator;
}

std::vector<double> BunchingEstimator::Counts(std::span<const double> values) const {
  const auto bins = static_cast<std::size_t>(2 * design_.fit_bins);
  std::vector<double> counts(bins, 0.0);
  for (double v : values) {
    // Distance into the bunching side: bin 0 is [T, T + w) above, (T - w, T] below.
    double offset = design_.bunch_above ? v - design_.threshold : design_.threshold - v;
    double bin = std::floor(offset / design_.bin_width);
    if (bin < -design_.fit_bins || bin >= design_.fit_bins) continue;
    counts[static_cast<std::size_t>(bin + design_.fit_bins)] += 1.0;
  }
  return counts;
}

std::vector<double> BunchingEstimator::Fitted(const std::vector<double>& counts,
                                              Eigen::VectorXd& coefficients) const {
  std::vector<Eigen::Index> rows;
  for (std::size_t b = 0; b < counts.size(); ++b) {
    if (!excluded_[b]) rows.push_back(static_cast<Eigen::Index>(b));
  }
  const auto n = static_cast<Eigen::Index>(rows.size());
  Eigen::MatrixXd x(n, design_matrix_.cols());
  Eigen::VectorXd y(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    x.row(i) = design_matrix_.row(rows[i]);
    y(i) = counts[static_cast<std::size_t>(rows[i])];
  }
  if (coefficients.size() != x.cols()) {  // start: least squares on log(count + 0.5)
    coefficients = x.colPivHouseholderQr().solve((y.array() + 0.5).log().matrix());
  }
  // Iteratively reweighted least squares for the Poisson log-linear model.
  for (int iteration = 0; iteration < kMaxIterations; ++iteration) {
    Eigen::VectorXd eta = x * coefficients;
    Eigen::VectorXd mu = eta.array().exp();
    Eigen::VectorXd root_weight = mu.array().sqrt();
    Eigen::VectorXd working = eta.array() + (y - mu).array() / mu.array();
    Eigen::MatrixXd weighted_x = x.array().colwise() * root_weight.array();
    Eigen::VectorXd weighted_y = working.array() * root_weight.array();
    Eigen::VectorXd next = weighted_x.colPivHouseholderQr().solve(weighted_y);
    if (!next.allFinite()) return {};
    double change = (next - coefficients).cwiseAbs().maxCoeff();
    coefficients = next;
    if (change < kTolerance) break;
  }
  Eigen::VectorXd mean = (design_matrix_ * coefficients).array().exp();
  if (!mean.allFinite()) return {};
  return std::vector<double>(mean.data(), mean.data() + mean.size());
}

BunchingEstimate BunchingEstimator::FromCounts(const std::vector<double>& counts,
                                               const std::vector<double>& fitted) const {
  BunchingEstimate estimate;
  for (double c : counts) estimate.values_in_range += c;
  for (int bin = -design_.missing_bins; bin < design_.bunching_bins; ++bin) {
    auto b = static_cast<std::size_t>(bin + design_.fit_bins);
    if (bin >= 0) {
      estimate.observed_bunching += counts[b];
      estimate.counterfactual_bunching += fitted[b];
    } else {
      estimate.observed_missing += counts[b];
      estimate.counterfactual_missing += fitted[b];
    }
  }
  estimate.excess_mass = estimate.observed_bunching - estimate.counterfactual_bunching;
  estimate.missing_mass = estimate.counterfactual_missing - estimate.observed_missing;
  return estimate;
}

Result<BunchingEstimate> BunchingEstimator::Estimate(std::span<const double> values) const {
  std::vector<double> counts = Counts(values);
  Eigen::VectorXd coefficients;
  std::vector<double> fitted = Fitted(counts, coefficients);
  if (fitted.empty()) return Status::InvalidArgument("bunching: the counterfactual fit failed");
  return FromCounts(counts, fitted);
}

std::vector<double> BunchingEstimator::NullReplicates(std::span<const double> values,
                                                      int replicates, BootstrapRng& rng) const {
  std::vector<double> counts = Counts(values);
  Eigen::VectorXd start;
  std::vector<double> fitted = Fitted(counts, start);
  std::vector<double> excess;
  // Counts per bin are at most the number of values; a fitted mean beyond this bound (or
  // not a number) is a failed fit, and drawing Poisson counts from it would not end.
  constexpr double kMaxFittedCount = 1e9;
  const bool drawable = std::all_of(fitted.begin(), fitted.end(),
                                    [](double mean) { return mean >= 0.0 && mean <= kMaxFittedCount; });
  if (fitted.empty() || !drawable) return excess;
  std::vector<double> redrawn(counts.size());
  for (int r = 0; r < replicates; ++r) {
    for (std::size_t b = 0; b < counts.size(); ++b) {
      redrawn[b] = static_cast<double>(std::poisson_distribution<long>(fitted[b])(rng));
    }
    Eigen::VectorXd coefficients = start;
    std::vector<double> refitted = Fitted(redrawn, coefficients);
    if (!refitted.empty()) excess.push_back(FromCounts(redrawn, refitted).excess_mass);
  }
  return excess;
}

}  // namespace kpiwatch::stats
