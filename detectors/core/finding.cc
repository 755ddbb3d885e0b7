#include "detectors/core/finding.h"

namespace kpiwatch {

const char* ChangeDirectionName(ChangeDirection direction) {
  switch (direction) {
    case ChangeDirection::kNone: return "none";
    case ChangeDirection::kUp: return "up";
    case ChangeDirection::kDown: return "down";
  }
  return "none";
}

const char* ApplicabilityName(Applicability applicability) {
  switch (applicability) {
    case Applicability::kApplicable: return "applicable";
    case Applicability::kNotApplicable: return "not_applicable";
    case Applicability::kInsufficientData: return "insufficient_data";
  }
  return "applicable";
}

double Finding::EvidenceValue(const std::string& name) const {
  for (const Evidence& item : evidence) {
    if (item.name == name) return item.value;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace kpiwatch
