#include "detectors/proxy/proxy_drift.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "detectors/core/finding_text.h"
#include "detectors/core/known_breaks.h"
#include "detectors/proxy/drift_tests.h"
#include "detectors/proxy/proxy_design.h"
#include "detectors/stats/regression.h"

namespace kpiwatch::proxy {
namespace {

// The test that decides, its statistic and p-value, and the break date it implies.
struct Decision {
  std::string test;
  double statistic = 0.0;
  double p_value = 1.0;
  std::size_t split = 0;  // design row: first row of the new regime
};

// What the relation looks like on each side of the break and how far the old relation
// misstates the outcome afterwards.
struct BreakDescription {
  Eigen::VectorXd before;
  Eigen::VectorXd after;
  double residual_sd_before = 0.0;
  double mean_misstatement = 0.0;  // mean over the new regime of outcome - old prediction
  double rms_misstatement = 0.0;
  double last_misstatement = 0.0;
  double mean_outcome_after = 0.0;
};

std::vector<Decision> Candidates(const DriftTestResults& results) {
  std::vector<Decision> candidates = {
      {"sup_f", results.sup_f.sup_f, results.sup_f.p_value, results.sup_f_split},
      {"rec_cusum", results.recursive_cusum.statistic, results.recursive_cusum.p_value, results.sup_f_split},
      {"ols_cusum", results.ols_cusum.statistic, results.ols_cusum.p_value, results.sup_f_split},
  };
  if (results.chow) candidates.push_back({"chow", results.chow->f, results.chow->p_value, results.chow_split});
  if (results.correlation) {
    candidates.push_back({"correlation", results.correlation->test.z, results.correlation->test.p_value,
                          results.sup_f_split});
  }
  return candidates;
}

// The deciding test for `decision`, or an error when that test could not run.
Result<Decision> Decide(const std::string& decision, const DriftTestResults& results) {
  std::vector<Decision> candidates = Candidates(results);
  std::string wanted = decision;
  if (decision == "auto") wanted = results.chow ? "chow" : "sup_f";
  if (decision == "any") {
    auto best = std::min_element(candidates.begin(), candidates.end(),
                                 [](const Decision& a, const Decision& b) { return a.p_value < b.p_value; });
    Decision bonferroni = *best;
    bonferroni.p_value = std::min(1.0, best->p_value * static_cast<double>(candidates.size()));
    bonferroni.test = "any (" + best->test + ", Bonferroni over " + std::to_string(candidates.size()) + ")";
    return bonferroni;
  }
  for (const Decision& candidate : candidates) {
    if (candidate.test == wanted) return candidate;
  }
  return Status::FailedPrecondition("decision test '" + wanted + "' could not run (chow needs an "
                                    "admissible known break; correlation needs 2 windows)");
}

Result<BreakDescription> DescribeBreak(const ProxyDesign& design, std::size_t split) {
  const auto n = design.x.rows();
  const auto at = static_cast<Eigen::Index>(split);
  Result<stats::OlsFit> before = stats::FitOls(design.x.topRows(at), design.y.head(at));
  if (!before.ok()) return before.status();
  Result<stats::OlsFit> after = stats::FitOls(design.x.bottomRows(n - at), design.y.tail(n - at));
  if (!after.ok()) return after.status();
  BreakDescription description;
  description.before = before->coefficients;
  description.after = after->coefficients;
  description.residual_sd_before = std::sqrt(before->sigma2);
  const Eigen::VectorXd misstatement =
      design.y.tail(n - at) - design.x.bottomRows(n - at) * before->coefficients;
  description.mean_misstatement = misstatement.mean();
  description.rms_misstatement = std::sqrt(misstatement.squaredNorm() / static_cast<double>(misstatement.size()));
  description.last_misstatement = misstatement(misstatement.size() - 1);
  description.mean_outcome_after = design.y.tail(n - at).mean();
  return description;
}

std::optional<std::size_t> KnownSplit(const DetectorInput& input, const ParamValues& params,
                                      const ProxyDesign& design) {
  std::optional<std::size_t> series_row;
  if (std::optional<Period> period = params.PeriodValue("break_period"); period && input.series.has_periods()) {
    auto first = std::lower_bound(input.series.periods.begin(), input.series.periods.end(), *period);
    series_row = static_cast<std::size_t>(first - input.series.periods.begin());
  } else if (std::vector<std::size_t> rows = DefinitionChangeRows(input.indicator, input.series); !rows.empty()) {
    series_row = rows.front();
  }
  if (!series_row) return std::nullopt;
  auto first = std::lower_bound(design.series_rows.begin(), design.series_rows.end(), *series_row);
  return static_cast<std::size_t>(first - design.series_rows.begin());
}

void AddEvidence(Finding& finding, const DriftTestResults& results, const BreakDescription& description) {
  auto add = [&](const std::string& name, double value) { finding.evidence.push_back({name, value}); };
  add("rho_prewhitening", results.rho);
  add("rec_cusum_statistic", results.recursive_cusum.statistic);
  add("rec_cusum_p_value", results.recursive_cusum.p_value);
  add("ols_cusum_statistic", results.ols_cusum.statistic);
  add("ols_cusum_p_value", results.ols_cusum.p_value);
  add("sup_f", results.sup_f.sup_f);
  add("sup_f_p_value", results.sup_f.p_value);
  if (results.chow) {
    add("chow_f", results.chow->f);
    add("chow_p_value", results.chow->p_value);
  }
  if (results.correlation) {
    add("correlation_reference", results.correlation->reference);
    add("correlation_recent", results.correlation->recent);
    add("fisher_z", results.correlation->test.z);
    add("fisher_z_p_value", results.correlation->test.p_value);
  }
  add("intercept_before", description.before(0));
  add("slope_before", description.before(1));
  add("intercept_after", description.after(0));
  add("slope_after", description.after(1));
  add("residual_sd_before", description.residual_sd_before);
  add("mean_misstatement", description.mean_misstatement);
  add("rms_misstatement", description.rms_misstatement);
  add("last_misstatement", description.last_misstatement);
  add("mean_outcome_after", description.mean_outcome_after);
}

Finding BuildFinding(const DetectorInput& input, const ProxyDesign& design, const DriftTestResults& results,
                     const Decision& decision, const BreakDescription& description) {
  const std::size_t row = design.series_rows[decision.split];
  Finding finding = NewFinding("proxy_drift", "relation_break", input, row, design.series_rows.front(),
                               design.series_rows.back());
  finding.direction = description.mean_misstatement > 0 ? ChangeDirection::kUp : ChangeDirection::kDown;
  finding.effect = description.mean_misstatement;
  finding.effect_sd = description.mean_misstatement / description.residual_sd_before;
  finding.statistic_name = decision.test;
  finding.statistic = decision.statistic;
  finding.p_value = decision.p_value;
  AddEvidence(finding, results, description);
  const std::string& proxy = design.column_names[1];
  finding.explanation = ExplainSignal(
      "The relation between the proxy " + proxy + " and the outcome " + design.outcome_name +
      " appears to change from " + finding.period + " (" + decision.test + " test, " +
      PValueText(decision.p_value) + "). Before, each unit of the proxy went with " +
      NumberText(description.before(1)) + " units of the outcome (intercept " +
      NumberText(description.before(0)) + "); since then with " + NumberText(description.after(1)) +
      " (intercept " + NumberText(description.after(0)) + "). Read through the old relation, the proxy " +
      (description.mean_misstatement > 0 ? "understates" : "overstates") + " the outcome by " +
      NumberText(std::abs(description.mean_misstatement)) + " on average since the break (root mean square " +
      NumberText(description.rms_misstatement) + ", latest period " + NumberText(description.last_misstatement) +
      "; the typical error before the break was " + NumberText(description.residual_sd_before) + ").");
  finding.questions = {
      "Did the definition, registration or data source of " + proxy + " or " + design.outcome_name +
          " change around " + finding.period + "?",
      "Did a policy, target or work process start acting on the proxy itself (so that it moves "
      "without the outcome)?",
      "Is " + proxy + " still a fair stand-in for " + design.outcome_name + ", or should the outcome be "
      "measured directly before steering on it?",
      "Could an external cause (economy, legislation, seasonality not modelled) explain the change?",
  };
  return finding;
}

}  // namespace

std::vector<ParamSpec> ProxyDriftParams() {
  return {
      {"decision", ParamType::kChoice, "auto", 0, 0,
       {"auto", "sup_f", "chow", "rec_cusum", "ols_cusum", "correlation", "any"},
       "test that decides: auto = chow at a known break, else sup_f; any = Bonferroni over all"},
      {"alpha", ParamType::kDouble, "0.05", 1e-6, 0.5, {}, "significance level of the deciding test"},
      {"trim", ParamType::kDouble, "0.15", 0.05, 0.45, {},
       "share of the sample at each end where sup-F does not look for a break"},
      {"break_period", ParamType::kPeriod, "none", 0, 0, {},
       "known break date for the Chow test (first period of the new regime); none = the first "
       "declared definition change, if any"},
      {"seasonal", ParamType::kBool, "false", 0, 0, {},
       "add month/quarter-of-year dummies to the relation"},
      {"autocorrelation", ParamType::kChoice, "prewhiten", 0, 0, {"prewhiten", "none"},
       "prewhiten = Cochrane-Orcutt quasi-differencing with the lag-1 autocorrelation of the "
       "residuals before testing; none = assume independent errors (as strucchange)"},
      {"correlation_window", ParamType::kInt, "24", 4, 1e6, {},
       "periods in the reference (first) and recent (last) window of the correlation test"},
      {"min_points", ParamType::kInt, "30", 10, 1e6, {},
       "fewest periods with both proxy and outcome observed"},
  };
}

Result<DetectorOutcome> DetectProxyDrift(const DetectorInput& input, const ParamValues& params) {
  Result<ProxyDesign> design = BuildProxyDesign(input, params.Bool("seasonal"));
  if (!design.ok()) return DetectorOutcome::NotApplicable(design.status().message());
  const auto n = static_cast<std::size_t>(design->y.size());
  const auto min_points = static_cast<std::size_t>(params.Int("min_points"));
  if (n < min_points || n < 4 * static_cast<std::size_t>(design->x.cols())) {
    return DetectorOutcome::InsufficientData(
        std::to_string(n) + " periods with both proxy and outcome observed; proxy_drift needs at least " +
        std::to_string(std::max(min_points, 4 * static_cast<std::size_t>(design->x.cols()))));
  }
  DriftTestOptions options;
  options.prewhiten = params.Choice("autocorrelation") == "prewhiten";
  options.trim = params.Double("trim");
  options.known_split = KnownSplit(input, params, *design);
  options.correlation_window = static_cast<std::size_t>(params.Int("correlation_window"));
  Result<DriftTestResults> results = RunDriftTests(*design, options);
  if (!results.ok()) return DetectorOutcome::InsufficientData("the relation cannot be estimated: " + results.status().message());
  Result<Decision> decision = Decide(params.Choice("decision"), *results);
  if (!decision.ok()) return DetectorOutcome::NotApplicable(decision.status().message());
  DetectorOutcome outcome;
  if (!(decision->p_value <= params.Double("alpha"))) return outcome;  // NaN: no finding
  Result<BreakDescription> description = DescribeBreak(*design, decision->split);
  if (!description.ok()) return DetectorOutcome::InsufficientData("a segment cannot be fitted: " + description.status().message());
  outcome.findings.push_back(BuildFinding(input, *design, *results, *decision, *description));
  return outcome;
}

}  // namespace kpiwatch::proxy
