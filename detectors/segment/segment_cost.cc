#include "detectors/segment/segment_cost.h"

#include <cmath>

#include "detectors/segment/normal_mean_cost.h"
#include "detectors/segment/normal_meanvar_cost.h"
#include "detectors/segment/poisson_cost.h"

namespace kpiwatch::segment {

const char* CostKindName(CostKind kind) {
  switch (kind) {
    case CostKind::kNormalMean: return "mean";
    case CostKind::kNormalMeanVariance: return "meanvar";
    case CostKind::kPoisson: return "poisson";
  }
  return "mean";
}

Result<CostKind> ParseCostKind(std::string_view text) {
  for (CostKind kind : {CostKind::kNormalMean, CostKind::kNormalMeanVariance, CostKind::kPoisson}) {
    if (text == CostKindName(kind)) return kind;
  }
  return Status::InvalidArgument("unknown segment cost '" + std::string(text) +
                                 "' (allowed: mean, meanvar, poisson)");
}

void SegmentCost::Costs(std::span<const std::size_t> begins, std::size_t end,
                        std::span<double> costs) const {
  for (std::size_t i = 0; i < begins.size(); ++i) costs[i] = Cost(begins[i], end);
}

bool SegmentCost::SublevelIntervals(std::span<const std::size_t>, std::size_t,
                                    std::span<const double>, std::span<double>,
                                    std::span<double>) const {
  return false;
}

Result<std::unique_ptr<SegmentCost>> MakeSegmentCost(CostKind kind,
                                                     std::span<const double> values,
                                                     const CostOptions& options) {
  if (values.size() < 2) return Status::InvalidArgument("a segment cost needs at least 2 values");
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      return Status::InvalidArgument("value at row " + std::to_string(i) + " is not a finite number");
    }
    if (kind == CostKind::kPoisson && values[i] < 0.0) {
      return Status::InvalidArgument("the poisson cost needs counts >= 0; row " +
                                     std::to_string(i) + " is negative");
    }
  }
  switch (kind) {
    case CostKind::kNormalMean:
      return std::unique_ptr<SegmentCost>(
          new NormalMeanCost(values, options.autocorrelation_correction));
    case CostKind::kNormalMeanVariance:
      return std::unique_ptr<SegmentCost>(new NormalMeanVarianceCost(values));
    case CostKind::kPoisson:
      return std::unique_ptr<SegmentCost>(new PoissonCost(values));
  }
  return Status::Internal("unhandled cost kind");
}

void StandardisedPrefixSums(std::span<const double> values, double center, double scale,
                            std::vector<double>& sum, std::vector<double>& sum_squares,
                            std::vector<double>* squares_low) {
  sum.assign(values.size() + 1, 0.0);
  sum_squares.assign(values.size() + 1, 0.0);
  if (squares_low != nullptr) squares_low->assign(values.size() + 1, 0.0);
  for (std::size_t i = 0; i < values.size(); ++i) {
    double z = (values[i] - center) / scale;
    sum[i + 1] = sum[i] + z;
    const double square = z * z;
    sum_squares[i + 1] = sum_squares[i] + square;
    if (squares_low != nullptr) {
      // TwoSum (Knuth): the exact rounding error of the addition above.
      const double total = sum_squares[i + 1];
      const double square_part = total - sum_squares[i];
      const double error = (sum_squares[i] - (total - square_part)) + (square - square_part);
      (*squares_low)[i + 1] = (*squares_low)[i] + error;
    }
  }
}

}  // namespace kpiwatch::segment
