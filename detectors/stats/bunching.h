// Bunching estimator: excess mass at a threshold against a smooth counterfactual.
//
// Chetty, Friedman, Olsen & Pistaferri (2011, QJE 126:749-804) and Kleven (2016),
// "Bunching", Annual Review of Economics 8:435-464. The values are binned in bins of
// width w with the threshold T as a bin edge; a Poisson regression with a log link and a
// polynomial of degree p in the bin centre (a log-polynomial density, which holds a normal
// density exactly at p = 2) is fitted by maximum likelihood (IRLS) to the bin counts
// outside an excluded window around T
// (`bunching_bins` bins on the bunching side, `missing_bins` on the other side); its
// prediction inside the window is the counterfactual. Excess mass = observed minus
// counterfactual count in the bunching bins; missing mass = counterfactual minus observed
// in the missing bins. Bunching is on the side [T, T + w * bunching_bins) when
// `bunch_above`, else on (T - w * bunching_bins, T] (values exactly at T count as the
// bunching side).
//
// Standard error: a parametric bootstrap under H0: bin counts are redrawn as Poisson with
// the fitted counterfactual means (the histogram of n independent values is multinomial,
// close to independent Poisson per bin) and the whole estimate is repeated. Unlike
// resampling the values, this does not tie the standard error to the (possibly bunched)
// observed count at the threshold, which would make z skewed.
#pragma once

#include <Eigen/Dense>
#include <span>
#include <vector>

#include "detectors/core/status.h"
#include "detectors/stats/bootstrap.h"

namespace kpiwatch::stats {

struct BunchingDesign {
  double threshold = 0.0;
  double bin_width = 1.0;
  bool bunch_above = true;
  int bunching_bins = 1;  // bins excluded on the bunching side
  int missing_bins = 0;   // bins excluded on the other side
  int fit_bins = 40;      // bins on each side of the threshold that the fit uses
  int degree = 5;         // polynomial degree of the counterfactual
};

struct BunchingEstimate {
  double observed_bunching = 0.0;        // count in the bunching bins
  double counterfactual_bunching = 0.0;  // predicted count there
  double excess_mass = 0.0;              // observed - counterfactual (bunching bins)
  double observed_missing = 0.0;         // count in the missing bins
  double counterfactual_missing = 0.0;
  double missing_mass = 0.0;             // counterfactual - observed (missing bins)
  double values_in_range = 0.0;          // values inside the fitted range
};

class BunchingEstimator {
 public:
  // Error when bin_width <= 0, bunching_bins < 1, missing_bins < 0, or fewer than
  // degree + 3 bins remain outside the excluded window.
  static Result<BunchingEstimator> Create(const BunchingDesign& design);

  // Error when the counterfactual fit fails (e.g. no values in the fitted range).
  Result<BunchingEstimate> Estimate(std::span<const double> values) const;
  // `replicates` bootstrap values of the excess mass under H0 (see above); their standard
  // deviation is the standard error of the excess mass. Replicates whose fit fails are
  // left out; none when the fit to the data itself fails or gives an impossible count.
  std::vector<double> NullReplicates(std::span<const double> values, int replicates,
                                     BootstrapRng& rng) const;
  const BunchingDesign& design() const { return design_; }

 private:
  explicit BunchingEstimator(const BunchingDesign& design) : design_(design) {}
  // Bin counts over [-fit_bins, fit_bins) in "bunching side up" orientation.
  std::vector<double> Counts(std::span<const double> values) const;
  // Counterfactual mean of every bin from the Poisson fit to the non-excluded bins.
  // `coefficients` is the IRLS starting point when non-empty and receives the fit.
  // Empty when the fit fails.
  std::vector<double> Fitted(const std::vector<double>& counts,
                             Eigen::VectorXd& coefficients) const;
  BunchingEstimate FromCounts(const std::vector<double>& counts,
                              const std::vector<double>& fitted) const;

  BunchingDesign design_;
  Eigen::MatrixXd design_matrix_;  // polynomial rows of all bins
  std::vector<bool> excluded_;     // per bin
};

}  // namespace kpiwatch::stats
