#include "detectors/gaming/underdispersion.h"

#include <cmath>

#include "detectors/core/finding_text.h"
#include "detectors/gaming/inputs.h"
#include "detectors/stats/distributions.h"
#include "detectors/stats/regression.h"
#include "detectors/stats/robust.h"

namespace kpiwatch::gaming {
namespace {

constexpr const char* kName = "underdispersion";

struct Rows {
  std::vector<std::size_t> rows;
  std::vector<double> y;        // proportions (binomial) or counts (poisson)
  std::vector<double> weights;  // n_t (binomial) or 1
};

// Design for the level model: intercept, optional trend, optional position-in-year dummies.
Result<Eigen::MatrixXd> LevelDesign(const Series& series, const Rows& rows, const std::string& detrend) {
  const auto n = static_cast<Eigen::Index>(rows.rows.size());
  int positions = 0;
  if (detrend == "seasonal") {
    if (!series.has_periods()) return Status::InvalidArgument("seasonal detrending needs periods");
    positions = PeriodsPerYear(series.periods.front().cadence());
    if (positions < 2 || positions > 12) {
      return Status::InvalidArgument("seasonal detrending needs monthly or quarterly periods");
    }
  }
  const int columns = 1 + (detrend == "none" ? 0 : 1) + std::max(0, positions - 1);
  Eigen::MatrixXd x = Eigen::MatrixXd::Zero(n, columns);
  for (Eigen::Index i = 0; i < n; ++i) {
    std::size_t row = rows.rows[static_cast<std::size_t>(i)];
    x(i, 0) = 1.0;
    if (detrend != "none") x(i, 1) = static_cast<double>(row);
    if (positions > 0) {
      int position = series.periods[row].position_in_year();
      if (position >= 2) x(i, position) = 1.0;  // columns 2..positions
    }
  }
  return x;
}

// Weighted least squares fit of the level; the fitted values.
Result<std::vector<double>> FitLevel(const Series& series, const Rows& rows, const std::string& detrend) {
  Result<Eigen::MatrixXd> x = LevelDesign(series, rows, detrend);
  if (!x.ok()) return x.status();
  const Eigen::Index n = x->rows();
  Eigen::MatrixXd weighted_x = *x;
  Eigen::VectorXd weighted_y(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    double root = std::sqrt(rows.weights[static_cast<std::size_t>(i)]);
    weighted_x.row(i) *= root;
    weighted_y(i) = root * rows.y[static_cast<std::size_t>(i)];
  }
  Result<stats::OlsFit> fit = stats::FitOls(weighted_x, weighted_y);
  if (!fit.ok()) return fit.status();
  Eigen::VectorXd fitted = *x * fit->coefficients;
  return std::vector<double>(fitted.data(), fitted.data() + n);
}

}  // namespace

std::vector<ParamSpec> UnderdispersionParams() {
  return {
      {"model", ParamType::kChoice, "auto", 0, 0, {"auto", "binomial", "poisson"},
       "binomial for a rate with denominators, poisson for counts; auto chooses by the data"},
      {"detrend", ParamType::kChoice, "none", 0, 0, {"none", "linear", "seasonal"},
       "level model fitted before measuring the dispersion"},
      {"min_points", ParamType::kInt, "12", 6, 1e9, {}, "fewest usable points"},
      {"alpha", ParamType::kDouble, "0.05", 1e-6, 0.5, {}, "left-tail significance level"},
  };
}

Result<DetectorOutcome> DetectUnderdispersion(const DetectorInput& input, const ParamValues& params) {
  const UnitKind unit = input.indicator.unit_kind;
  std::optional<std::vector<double>> denominators = DenominatorsOf(input);
  std::string model = params.Choice("model");
  const bool is_rate = unit == UnitKind::kPercent || unit == UnitKind::kRatio;
  if (model == "auto") model = is_rate ? "binomial" : "poisson";
  if (model == "binomial" && !denominators) {
    return DetectorOutcome::NotApplicable("a rate needs its denominators (Series::denominators or a related "
                                          "denominator series) for the binomial dispersion test");
  }
  if (model == "poisson" && unit != UnitKind::kCount) {
    return DetectorOutcome::NotApplicable(std::string("the Poisson dispersion test needs counts; the unit is ") +
                                          UnitKindName(unit));
  }
  const double scale = unit == UnitKind::kPercent ? 100.0 : 1.0;
  Rows rows;
  for (std::size_t i = 0; i < input.series.size(); ++i) {
    double value = input.series.values[i];
    if (model == "binomial") {
      double n = (*denominators)[i];
      double p = value / scale;
      if (!(n > 0.0) || !(p >= 0.0 && p <= 1.0)) continue;
      rows.y.push_back(p);
      rows.weights.push_back(n);
    } else {
      if (!(value >= 0.0)) continue;
      rows.y.push_back(value);
      rows.weights.push_back(1.0);
    }
    rows.rows.push_back(i);
  }
  if (rows.rows.size() < static_cast<std::size_t>(params.Int("min_points"))) {
    return DetectorOutcome::InsufficientData(std::to_string(rows.rows.size()) + " usable points; at least " +
                                             std::to_string(params.Int("min_points")) + " are needed");
  }
  const std::string detrend = params.Choice("detrend");
  Result<std::vector<double>> fitted = FitLevel(input.series, rows, detrend);
  if (!fitted.ok()) return DetectorOutcome::NotApplicable(fitted.status().message());
  double statistic = 0.0;
  for (std::size_t i = 0; i < rows.y.size(); ++i) {
    double level = (*fitted)[i];
    double variance = model == "binomial" ? level * (1.0 - level) / rows.weights[i] : level;
    if (!(variance > 0.0)) {
      return DetectorOutcome::NotApplicable("the fitted level reaches 0 or 1, where sampling variation vanishes");
    }
    statistic += (rows.y[i] - level) * (rows.y[i] - level) / variance;
  }
  Result<Eigen::MatrixXd> design = LevelDesign(input.series, rows, detrend);
  const double df = static_cast<double>(rows.y.size()) - static_cast<double>(design->cols());
  const double p = stats::ChiSquareLowerTail(statistic, df);
  DetectorOutcome outcome;
  if (!(p <= params.Double("alpha"))) return outcome;  // NaN: no finding

  const std::size_t first = rows.rows.front(), last = rows.rows.back();
  Finding finding = NewFinding(kName, "underdispersion", input, last, first, last);
  const double ratio = statistic / df;
  finding.statistic_name = "chi_square";
  finding.statistic = statistic;
  finding.p_value = p;
  finding.effect = ratio;
  finding.evidence = {{"dispersion_ratio", ratio}, {"chi_square", statistic}, {"df", df},
                      {"points", static_cast<double>(rows.y.size())}};
  std::string sampling = model == "binomial" ? "binomial sampling with these denominators" : "Poisson counting";
  if (model == "binomial") finding.evidence.push_back({"mean_denominator", stats::Mean(rows.weights)});
  finding.explanation = ExplainSignal(
      "Over " + std::to_string(rows.y.size()) + " periods the series varies only " + NumberText(ratio, 2) +
      " times as much as " + sampling + " alone would make it vary (dispersion chi-square " + NumberText(statistic, 4) +
      " on " + NumberText(df, 3) + " df, left-tail " + PValueText(p) + ", level model: " + detrend + "). A genuinely "
      "measured rate or count scatters at least that much; a smoother series suggests values that are steered, "
      "smoothed or not independently measured.");
  finding.questions = {"Are values adjusted, smoothed or balanced before they are reported (e.g. to stay near a target)?",
                       "Is the value counted, or model-based, imputed or carried over from an earlier period?",
                       "Is the denominator what the definition says, or are hard cases left out?",
                       "Did the way the rate is computed or aggregated change?"};
  outcome.findings.push_back(std::move(finding));
  return outcome;
}

}  // namespace kpiwatch::gaming
