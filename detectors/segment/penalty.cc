#include "detectors/segment/penalty.h"

#include <charconv>
#include <cmath>
#include <sstream>

namespace kpiwatch::segment {

std::string Penalty::ToString() const {
  switch (kind) {
    case PenaltyKind::kMbic: return "mbic";
    case PenaltyKind::kBic: return "bic";
    case PenaltyKind::kAic: return "aic";
    case PenaltyKind::kManual: break;
  }
  std::ostringstream out;
  out << manual_value;
  return out.str();
}

Result<Penalty> ParsePenalty(std::string_view text) {
  if (text == "mbic") return Penalty{PenaltyKind::kMbic};
  if (text == "bic") return Penalty{PenaltyKind::kBic};
  if (text == "aic") return Penalty{PenaltyKind::kAic};
  double value = 0.0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error == std::errc() && end == text.data() + text.size() && std::isfinite(value) &&
      value >= 0.0) {
    return Penalty{PenaltyKind::kManual, value};
  }
  return Status::InvalidArgument("penalty '" + std::string(text) +
                                 "' is not one of mbic, bic, aic, or a number >= 0");
}

double PenaltyValue(const Penalty& penalty, std::size_t n, int parameters_per_segment) {
  double p = parameters_per_segment;
  double log_n = std::log(static_cast<double>(n));
  switch (penalty.kind) {
    case PenaltyKind::kMbic: return (p + 2.0) * log_n;
    case PenaltyKind::kBic: return (p + 1.0) * log_n;
    case PenaltyKind::kAic: return 2.0 * (p + 1.0);
    case PenaltyKind::kManual: return penalty.manual_value;
  }
  return 0.0;
}

}  // namespace kpiwatch::segment
