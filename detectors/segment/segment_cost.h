// Segment costs for change-point search, separate from the search (as in ruptures).
//
// A cost is twice the negative maximised log-likelihood of a segment of the series
// (up to a constant), so a sum of costs plus a penalty per change is a penalised
// likelihood, and every cost is the minimum over the segment parameter of a sum of
// per-point losses. That gives C(a, c) >= C(a, b) + C(b, c), the condition under which
// PELT's pruning (Killick, Fearnhead and Eckley 2012, with K = 0) is exact.
// Segments are half-open row ranges [begin, end) of the series the cost was built on.
#pragma once

#include <cmath>
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "detectors/core/status.h"

namespace kpiwatch::segment {

enum class CostKind {
  kNormalMean,         // Normal, change in mean, variance fixed (robust estimate)
  kNormalMeanVariance, // Normal, change in mean and variance
  kPoisson,            // Poisson, change in rate (counts >= 0)
};

// "mean", "meanvar", "poisson".
const char* CostKindName(CostKind kind);
// Parses a cost name; the error lists the allowed names.
Result<CostKind> ParseCostKind(std::string_view text);

class SegmentCost {
 public:
  virtual ~SegmentCost() = default;

  // Number of rows of the series the cost was built on.
  virtual std::size_t size() const = 0;
  // Cost of rows [begin, end). Precondition: begin < end <= size().
  virtual double Cost(std::size_t begin, std::size_t end) const = 0;
  // costs[i] = Cost(begins[i], end) for every i; the hot loop of the searches.
  virtual void Costs(std::span<const std::size_t> begins, std::size_t end,
                     std::span<double> costs) const;
  // Parameters that change at a change point (1 for a mean or a rate, 2 for mean and
  // variance); penalties are scaled by it.
  virtual int ParametersPerSegment() const = 0;
  // The shortest segment whose cost is meaningful (2 when a variance is fitted).
  virtual std::size_t MinimumSegment() const { return 1; }

  // Functional pruning (Maidstone, Hocking, Rigaill and Fearnhead 2017), for costs with
  // one segment parameter theta and a convex per-point loss L: sets [lower[i], upper[i]]
  // to the set of theta with L(begins[i], end; theta) - Cost(begins[i], end) <= budgets[i]
  // (an interval by convexity; budgets are >= 0). Returns false when the cost does not
  // support it (the default), in which case the outputs are untouched.
  virtual bool SublevelIntervals(std::span<const std::size_t> begins, std::size_t end,
                                 std::span<const double> budgets, std::span<double> lower,
                                 std::span<double> upper) const;

  // Segment summaries for findings, in the series' own units.
  virtual double SegmentMean(std::size_t begin, std::size_t end) const = 0;

  // For costs of the form Cost(a, b) = squares[b] - squares[a] - (sum[b] - sum[a])^2 *
  // inverse_length[b - a] (the Normal mean cost, in standardised units): the prefix
  // arrays, so that the searches evaluate costs and sublevel intervals inline, in vector
  // lanes, with the very same arithmetic. Null for other costs.
  struct QuadraticSums {
    const double* sum;
    const double* squares;
    const double* inverse_length;
    // Cost(begin, end) and the segment's mean (standardised): the one definition of this
    // arithmetic, inline so that the searches' vector loops use it as it is.
    double Cost(std::size_t begin, std::size_t end) const {
      const double segment_sum = sum[end] - sum[begin];
      return squares[end] - squares[begin] - segment_sum * segment_sum * inverse_length[end - begin];
    }
    double Mean(std::size_t begin, std::size_t end) const {
      return (sum[end] - sum[begin]) * inverse_length[end - begin];
    }
  };
  virtual const QuadraticSums* quadratic_sums() const { return nullptr; }

  // For the Normal mean-and-variance cost (n log v + RSS / v with v = max(RSS / n,
  // kVarianceFloor), in standardised units): the prefix arrays, so that PELT can bound
  // costs without a log and evaluate the few it needs exactly (pelt_meanvar.h). Null for
  // other costs.
  struct MeanVarianceSums {
    static constexpr double kVarianceFloor = 1e-8;
    const double* sum;
    const double* squares;      // compensated: the error of squares[i] is squares_low[i]
    const double* squares_low;
    // A segment's residual sum of squares, fitted variance v, log v and cost: the one
    // definition of this arithmetic, used by the cost's Cost() and SegmentSd() and by
    // PELT's exact evaluations.
    struct Fit {
      double rss;
      double variance;
      double log_variance;
      double cost;
    };
    // (RSS / v is n unless v is floored.)
    static Fit FitSegment(double segment_sum, double segment_squares, double length) {
      const double centred = segment_squares - segment_sum * segment_sum / length;
      const double rss = centred > 0.0 ? centred : 0.0;
      const double fitted = rss / length;
      const bool floored = !(fitted > kVarianceFloor);
      const double variance = floored ? kVarianceFloor : fitted;
      const double log_variance = std::log(variance);
      return {rss, variance, log_variance, length * log_variance + (floored ? rss / kVarianceFloor : length)};
    }
    // A segment's sum of squares, from the compensated prefix sums.
    static double SegmentSquares(double end_high, double begin_high, double end_low, double begin_low) {
      return (end_high - begin_high) + (end_low - begin_low);
    }
    Fit Segment(std::size_t begin, std::size_t end) const {
      return FitSegment(sum[end] - sum[begin],
                        SegmentSquares(squares[end], squares[begin], squares_low[end], squares_low[begin]),
                        static_cast<double>(end - begin));
    }
  };
  virtual const MeanVarianceSums* mean_variance_sums() const { return nullptr; }
};

struct CostOptions {
  // Normal mean cost: inflate the noise variance for lag-1 autocorrelation (see
  // normal_mean_cost.h). Ignored by the other costs.
  bool autocorrelation_correction = true;
};

// Prefix sums of z = (x - center) / scale and of z^2 over `values`: entry i holds the
// sums over the first i values, so a segment [begin, end) is two subtractions. Shared by
// the Normal costs, which standardise before summing to keep the sums well conditioned.
// With `squares_low`, the sums of squares are compensated: squares_low[i] holds the
// rounding error of sum_squares[i] (TwoSum), so that sum_squares[b] - sum_squares[a] +
// (squares_low[b] - squares_low[a]) keeps a segment's sum of squares accurate even after
// a value far from the centre (whose square's rounding would otherwise swamp it).
void StandardisedPrefixSums(std::span<const double> values, double center, double scale,
                            std::vector<double>& sum, std::vector<double>& sum_squares,
                            std::vector<double>* squares_low = nullptr);

// Builds the cost of `kind` on `values`. Errors (InvalidArgument) for non-finite values,
// fewer than 2 values, and negative values for the Poisson cost.
Result<std::unique_ptr<SegmentCost>> MakeSegmentCost(CostKind kind,
                                                     std::span<const double> values,
                                                     const CostOptions& options = {});

}  // namespace kpiwatch::segment
