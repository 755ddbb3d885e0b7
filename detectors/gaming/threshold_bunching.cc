#include "detectors/gaming/threshold_bunching.h"

#include <algorithm>
#include <cmath>

#include "detectors/core/finding_text.h"
#include "detectors/gaming/inputs.h"
#include "detectors/stats/bootstrap.h"
#include "detectors/stats/bunching.h"
#include "detectors/stats/density.h"
#include "detectors/stats/distributions.h"
#include "detectors/stats/robust.h"

namespace kpiwatch::gaming {
namespace {

constexpr const char* kName = "threshold_bunching";

// Counts within `bins` bins on each side; one-sided exact binomial p of "more on the
// good side" (p = 1/2 under a locally flat density).
struct WindowTest {
  int bins = 0;
  std::int64_t good = 0;
  std::int64_t bad = 0;
  double p_value = 1.0;
};

WindowTest BinomialWindow(std::span<const double> values, const Threshold& threshold,
                          double bin_width, int bins) {
  WindowTest test;
  test.bins = bins;
  double half_width = bins * bin_width;
  for (double v : values) {
    double offset = threshold.good_above ? v - threshold.value : threshold.value - v;
    if (offset >= 0.0 && offset < half_width) ++test.good;
    if (offset < 0.0 && offset >= -half_width) ++test.bad;
  }
  test.p_value = stats::BinomialUpperTail(test.good, test.good + test.bad, 0.5);
  return test;
}

std::string SideWord(const Threshold& threshold, bool good) {
  return good == threshold.good_above ? "above" : "below";
}

Finding BuildFinding(const DetectorInput& input, const SelectedValues& selected,
                     const Threshold& threshold, double bin_width, double band_width,
                     const stats::BunchingEstimate& estimate, double standard_error, double z,
                     double p, const std::vector<WindowTest>& windows,
                     const Result<stats::DensityJump>& density) {
  std::size_t last = input.series.size() == 0 ? 0 : input.series.size() - 1;
  Finding finding = NewFinding(kName, "bunching", input, last, last, last);
  if (!selected.period.empty()) finding.period = selected.period;
  finding.direction = threshold.good_above ? ChangeDirection::kUp : ChangeDirection::kDown;
  finding.effect = estimate.excess_mass;
  finding.statistic_name = "z";
  finding.statistic = z;
  finding.p_value = p;
  finding.evidence = {{"threshold", threshold.value},
                      {"bin_width", bin_width},
                      {"band_width", band_width},
                      {"observed_in_band", estimate.observed_bunching},
                      {"counterfactual_in_band", estimate.counterfactual_bunching},
                      {"excess_mass", estimate.excess_mass},
                      {"excess_ratio", estimate.excess_mass / estimate.counterfactual_bunching},
                      {"missing_mass", estimate.missing_mass},
                      {"bootstrap_se", standard_error},
                      {"z", z},
                      {"values_in_range", estimate.values_in_range}};
  for (const WindowTest& window : windows) {
    std::string suffix = "_" + std::to_string(window.bins) + "_bins";
    finding.evidence.push_back({"binomial_good" + suffix, static_cast<double>(window.good)});
    finding.evidence.push_back({"binomial_bad" + suffix, static_cast<double>(window.bad)});
    finding.evidence.push_back({"binomial_p" + suffix, window.p_value});
  }
  std::string density_text;
  if (density.ok()) {
    double density_p = stats::NormalUpperTail(threshold.good_above ? density->z : -density->z);
    finding.evidence.push_back({"mccrary_log_difference", density->log_difference});
    finding.evidence.push_back({"mccrary_z", density->z});
    finding.evidence.push_back({"mccrary_p", density_p});
    density_text = " The density-discontinuity (McCrary) test gives a log jump of " +
                   NumberText(density->log_difference, 2) + " at the threshold (" +
                   PValueText(density_p) + ").";
  }
  const WindowTest& narrow = windows.front();
  finding.explanation = ExplainSignal(
      "Among " + selected.description + ", " + NumberText(estimate.observed_bunching, 4) +
      " lie in the " + NumberText(band_width, 3) + "-wide band just " + SideWord(threshold, true) +
      " the threshold " +
      NumberText(threshold.value, 4) + " (" + threshold.origin + "), where a smooth distribution "
      "fitted away from the threshold predicts " + NumberText(estimate.counterfactual_bunching, 3) +
      ": an excess of " + NumberText(estimate.excess_mass, 3) + " (z = " + NumberText(z, 3) + ", " +
      PValueText(p) + ", bootstrap SE " + NumberText(standard_error, 3) + "). Just " +
      SideWord(threshold, false) + " it, " + NumberText(estimate.missing_mass, 3) +
      " fewer than predicted were seen. In the narrowest window " + std::to_string(narrow.good) +
      " values are on the good side and " + std::to_string(narrow.bad) + " on the bad side (" +
      PValueText(narrow.p_value) + ")." + density_text);
  finding.questions = {
      "Was the target introduced or raised in this period?",
      "Are cases just " + SideWord(threshold, false) +
          " the threshold being reclassified, re-timed or re-measured?",
      "Did the definition, the measurement or the rounding of this indicator change?",
      "Do the units or cases just " + SideWord(threshold, true) +
          " the threshold differ in case mix or handling from those just " +
          SideWord(threshold, false) + " it?"};
  return finding;
}

}  // namespace

std::vector<ParamSpec> ThresholdBunchingParams() {
  return {
      {"threshold", ParamType::kChoiceOrNumber, "target", -1e300, 1e300, {"target"},
       "the threshold: 'target' (the indicator's target) or a number in the indicator's units"},
      {"good_side", ParamType::kChoice, "auto", 0, 0, {"auto", "above", "below"},
       "side of the threshold that meets it; auto follows the target's comparator or direction"},
      {"source", ParamType::kChoice, "auto", 0, 0, kValueSources,
       "values to test; auto = samples if present, else every peer's value at the last period"},
      {"bin_width", ParamType::kChoiceOrNumber, "auto", 0, 1e300, {"auto"},
       "histogram bin width in the indicator's units; auto = 0.05 robust SD"},
      {"bunching_bins", ParamType::kInt, "1", 1, 20, {},
       "bins on the good side where bunched values land (excluded from the fit)"},
      {"missing_bins", ParamType::kInt, "10", 0, 100, {},
       "bins on the bad side that bunched values may come from (excluded from the fit)"},
      {"fit_range", ParamType::kDouble, "2.5", 0.5, 10, {},
       "half-width of the fitted range around the threshold, in robust SDs"},
      {"degree", ParamType::kInt, "4", 1, 9, {},
       "degree of the log-polynomial counterfactual density"},
      {"density_bandwidth", ParamType::kDouble, "1", 0.1, 10, {},
       "bandwidth of the McCrary density test, in robust SDs"},
      {"bootstrap_replicates", ParamType::kInt, "200", 20, 100000, {},
       "parametric bootstrap replicates for the standard error of the excess mass"},
      {"seed", ParamType::kInt, "1", 0, 9e15, {}, "seed of the bootstrap's random engine"},
      {"alpha", ParamType::kDouble, "0.05", 1e-6, 0.5, {}, "one-sided significance level"},
      {"min_values", ParamType::kInt, "50", 10, 1e9, {},
       "fewest values within the fitted range"},
  };
}

Result<DetectorOutcome> DetectThresholdBunching(const DetectorInput& input,
                                                const ParamValues& params) {
  std::optional<Threshold> threshold = ResolveThreshold(input.indicator, params);
  if (!threshold) {
    return DetectorOutcome::NotApplicable(
        "no threshold: the indicator has no target and no 'threshold' parameter was given");
  }
  SelectedValues selected = SelectValues(input, params.Choice("source"),
                                         input.peers.empty() ? "series" : "peers_latest");
  double scale = stats::Mad(selected.values);
  if (!(scale > 0.0)) scale = std::sqrt(stats::Variance(selected.values));
  if (!(scale > 0.0)) {
    return DetectorOutcome::InsufficientData("fewer than 2 distinct values among " +
                                             selected.description);
  }
  if (!std::isfinite(scale)) {
    return DetectorOutcome::NotApplicable("the spread of " + selected.description +
                                          " is too large to represent");
  }
  double bin_width = params.Number("bin_width").value_or(0.05 * scale);
  stats::BunchingDesign design;
  design.threshold = threshold->value;
  design.bin_width = bin_width;
  design.bunch_above = threshold->good_above;
  design.bunching_bins = static_cast<int>(params.Int("bunching_bins"));
  design.missing_bins = static_cast<int>(params.Int("missing_bins"));
  design.fit_bins = static_cast<int>(std::ceil(params.Double("fit_range") * scale / bin_width));
  design.degree = static_cast<int>(params.Int("degree"));
  Result<stats::BunchingEstimator> estimator = stats::BunchingEstimator::Create(design);
  if (!estimator.ok()) return DetectorOutcome::NotApplicable(estimator.status().message());

  Result<stats::BunchingEstimate> estimated = estimator->Estimate(selected.values);
  if (!estimated.ok()) return DetectorOutcome::InsufficientData(estimated.status().message());
  const stats::BunchingEstimate& estimate = *estimated;
  if (estimate.values_in_range < static_cast<double>(params.Int("min_values"))) {
    return DetectorOutcome::InsufficientData(
        NumberText(estimate.values_in_range, 6) + " of " + selected.description +
        " lie within the fitted range around the threshold; at least " +
        std::to_string(params.Int("min_values")) + " are needed");
  }
  std::vector<WindowTest> windows;
  for (int bins : {1, 2, 4, 8}) windows.push_back(BinomialWindow(selected.values, *threshold, bin_width, bins));
  const auto good_side = std::count_if(selected.values.begin(), selected.values.end(), [&](double v) {
    return threshold->good_above ? v >= threshold->value : v <= threshold->value;
  });
  if (good_side == 0 || good_side == static_cast<std::ptrdiff_t>(selected.values.size())) {
    return DetectorOutcome::NotApplicable("the threshold " + NumberText(threshold->value, 4) +
                                          " is not inside the data (no values on one side)");
  }
  stats::BootstrapRng rng(static_cast<std::uint64_t>(params.Int("seed")));
  std::vector<double> replicates = estimator->NullReplicates(
      selected.values, static_cast<int>(params.Int("bootstrap_replicates")), rng);
  double standard_error = stats::BootstrapStandardError(replicates);
  double z = standard_error > 0.0 ? estimate.excess_mass / standard_error : 0.0;
  double p = stats::NormalUpperTail(z);
  DetectorOutcome outcome;
  if (p <= params.Double("alpha") && estimate.excess_mass > 0.0) {
    Result<stats::DensityJump> density = stats::McCraryTest(
        selected.values, threshold->value, bin_width, params.Double("density_bandwidth") * scale);
    outcome.findings.push_back(BuildFinding(input, selected, *threshold, bin_width,
                                            bin_width * design.bunching_bins, estimate,
                                            standard_error, z, p, windows, density));
  }
  return outcome;
}

}  // namespace kpiwatch::gaming
