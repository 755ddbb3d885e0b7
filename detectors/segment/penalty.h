// Penalties per change point for penalised-likelihood segmentation.
//
// In the units of the segment costs (twice the negative log-likelihood), with n the
// series length and p the parameters per segment (SegmentCost::ParametersPerSegment),
// following the R package changepoint (Killick and Eckley 2014, penalty_decision):
//   mbic: (p + 2) log n  -- the penalty term of the modified BIC of Zhang and Siegmund
//                           (2007), Biometrics 63:22 (without its segment-length term);
//   bic:  (p + 1) log n  -- Schwarz's BIC counting the change location as a parameter;
//   aic:  2 (p + 1);
//   a number: that value, as given.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "detectors/core/status.h"

namespace kpiwatch::segment {

enum class PenaltyKind { kMbic, kBic, kAic, kManual };

struct Penalty {
  PenaltyKind kind = PenaltyKind::kMbic;
  double manual_value = 0.0;  // used when kind == kManual

  // "mbic", "bic", "aic", or the number as text.
  std::string ToString() const;
};

// Parses "mbic", "bic", "aic" or a number >= 0; the error lists what is allowed.
Result<Penalty> ParsePenalty(std::string_view text);

// The penalty value per change point for a series of n rows (n >= 2).
double PenaltyValue(const Penalty& penalty, std::size_t n, int parameters_per_segment);

}  // namespace kpiwatch::segment
