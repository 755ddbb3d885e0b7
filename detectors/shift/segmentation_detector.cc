#include "detectors/shift/segmentation_detector.h"

#include <algorithm>
#include <cmath>
#include <memory>

#include "detectors/core/finding_text.h"
#include "detectors/segment/binseg.h"
#include "detectors/segment/normal_mean_cost.h"
#include "detectors/segment/normal_meanvar_cost.h"
#include "detectors/segment/pelt.h"
#include "detectors/segment/penalty.h"
#include "detectors/shift/shift_finding.h"
#include "detectors/stats/distributions.h"
#include "detectors/stats/noise_scale.h"

namespace kpiwatch::shift {
namespace {

enum class Search { kPelt, kBinseg };

const char* SearchName(Search search) { return search == Search::kPelt ? "pelt" : "binseg"; }

// One change point at `change`, between the neighbouring boundaries `begin` and `end`.
Finding ChangePointFinding(const DetectorInput& input, Search search, const segment::SegmentCost& cost,
                           segment::CostKind kind, double penalty, double robust_sd,
                           std::size_t begin, std::size_t change, std::size_t end) {
  Finding finding = NewFinding(SearchName(search), "change_point", input, change, begin, end - 1);
  double before = cost.SegmentMean(begin, change);
  double after = cost.SegmentMean(change, end);
  double reduction = cost.Cost(begin, end) - cost.Cost(begin, change) - cost.Cost(change, end);
  int parameters = cost.ParametersPerSegment();
  double cut_rows = static_cast<double>(end - begin - 1);
  finding.effect = after - before;
  finding.effect_sd = robust_sd > 0.0 ? finding.effect / robust_sd : std::nan("");
  finding.direction = after > before ? ChangeDirection::kUp
                      : after < before ? ChangeDirection::kDown
                                       : ChangeDirection::kNone;
  finding.statistic_name = "cost_reduction";
  finding.statistic = reduction;
  finding.p_value = std::min(1.0, cut_rows * stats::ChiSquareUpperTail(reduction, parameters));
  finding.evidence = {{"mean_before", before},
                      {"mean_after", after},
                      {"sd_robust", robust_sd},
                      {"rows_before", static_cast<double>(change - begin)},
                      {"rows_after", static_cast<double>(end - change)},
                      {"cost_reduction", reduction},
                      {"penalty", penalty}};
  std::string pattern = "The level of " + finding.indicator + " changed at " + finding.period +
                        ": the mean was " + NumberText(before) + " over the " +
                        std::to_string(change - begin) + " periods before and " + NumberText(after) +
                        " over the " + std::to_string(end - change) + " periods from then on (" +
                        (finding.effect >= 0 ? "+" : "") + NumberText(finding.effect) + ", " +
                        NumberText(finding.effect_sd, 2) + " robust standard deviations).";
  if (kind == segment::CostKind::kNormalMeanVariance) {
    const auto& meanvar = static_cast<const segment::NormalMeanVarianceCost&>(cost);
    double sd_before = meanvar.SegmentSd(begin, change);
    double sd_after = meanvar.SegmentSd(change, end);
    finding.evidence.push_back({"sd_before", sd_before});
    finding.evidence.push_back({"sd_after", sd_after});
    pattern += " The standard deviation went from " + NumberText(sd_before) + " to " +
               NumberText(sd_after) + ".";
  }
  pattern += " Cutting the series there lowers the cost by " + NumberText(reduction) +
             " against a penalty of " + NumberText(penalty) + " (" + PValueText(*finding.p_value) +
             ", approximate).";
  finding.explanation = ExplainSignal(pattern);
  finding.questions = {kDefinitionQuestion, kExternalQuestion, kRegistrationQuestion};
  return finding;
}

Result<DetectorOutcome> RunSegmentation(const DetectorInput& input, const ParamValues& params,
                                        Search search) {
  const std::size_t min_segment = static_cast<std::size_t>(params.Int("min_segment"));
  if (auto refusal = CheckSeries(input.series, std::max<std::size_t>(2 * min_segment, 4),
                                 SearchName(search))) {
    return *refusal;
  }
  Result<segment::CostKind> kind = segment::ParseCostKind(params.Choice("cost"));
  if (!kind.ok()) return kind.status();
  Result<segment::Penalty> penalty =
      params.Number("penalty")
          ? Result<segment::Penalty>(segment::Penalty{segment::PenaltyKind::kManual, *params.Number("penalty")})
          : segment::ParsePenalty(params.Choice("penalty"));
  if (!penalty.ok()) return penalty.status();
  const std::vector<double>& values = input.series.values;
  auto cost = segment::MakeSegmentCost(
      *kind, values, {.autocorrelation_correction = params.Bool("autocorrelation_correction")});
  if (!cost.ok()) return DetectorOutcome::NotApplicable(cost.status().message());
  double penalty_value = segment::PenaltyValue(*penalty, values.size(), (*cost)->ParametersPerSegment());
  segment::Segmentation segmentation =
      search == Search::kPelt ? segment::Pelt(**cost, penalty_value, min_segment)
                              : segment::BinarySegmentation(**cost, penalty_value, min_segment);
  DetectorOutcome outcome;
  if (segmentation.change_points.empty()) return outcome;
  // The mean cost has already estimated the noise of the series.
  double robust_sd = *kind == segment::CostKind::kNormalMean
                         ? static_cast<const segment::NormalMeanCost&>(**cost).noise().sd
                         : stats::EstimateNoiseScale(values).sd;
  std::vector<std::size_t> bounds = {0};
  bounds.insert(bounds.end(), segmentation.change_points.begin(), segmentation.change_points.end());
  bounds.push_back(values.size());
  for (std::size_t i = 1; i + 1 < bounds.size(); ++i) {
    outcome.findings.push_back(ChangePointFinding(input, search, **cost, *kind, penalty_value,
                                                  robust_sd, bounds[i - 1], bounds[i], bounds[i + 1]));
  }
  return outcome;
}

}  // namespace

std::vector<ParamSpec> SegmentationParams() {
  return {
      // Default mean: a shift in level with Normal noise of robust, fixed variance.
      {.name = "cost", .type = ParamType::kChoice, .default_value = "mean",
       .choices = {"mean", "meanvar", "poisson"},
       .description = "segment model: mean (Normal, change in level), meanvar (level and "
                      "spread), poisson (rate of counts)"},
      // Default mbic: (p + 2) log n per change, conservative for long series.
      {.name = "penalty", .type = ParamType::kChoiceOrNumber, .default_value = "mbic", .min = 0.0,
       .choices = {"mbic", "bic", "aic"},
       .description = "penalty per change point: mbic, bic, aic, or a number (in units of twice "
                      "the log-likelihood)"},
      // Default 3: a one- or two-period excursion is an outlier, not a shift.
      {.name = "min_segment", .type = ParamType::kInt, .default_value = "3", .min = 1, .max = 10000,
       .description = "minimum segment length, in periods"},
      // Default true: monthly KPIs are usually autocorrelated; off assumes white noise.
      {.name = "autocorrelation_correction", .type = ParamType::kBool, .default_value = "true",
       .description = "mean cost: use the long-run variance of AR(1) noise (robust lag-1 "
                      "autocorrelation) instead of the white-noise variance"},
  };
}

Result<DetectorOutcome> RunPelt(const DetectorInput& input, const ParamValues& params) {
  return RunSegmentation(input, params, Search::kPelt);
}

Result<DetectorOutcome> RunBinseg(const DetectorInput& input, const ParamValues& params) {
  return RunSegmentation(input, params, Search::kBinseg);
}

}  // namespace kpiwatch::shift
