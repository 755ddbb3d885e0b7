#include "rules/domain/silence.h"

#include <vector>

#include "rules/domain/rule.h"

namespace kpiwatch {

bool Silence::Matches(std::string_view alert_indicator, std::string_view alert_unit,
                      std::string_view alert_rule, std::chrono::sys_seconds now) const {
  if (!ActiveAt(now)) return false;
  if (!indicator.empty() && !GlobMatches(indicator, alert_indicator)) return false;
  if (!unit.empty() && !GlobMatches(unit, alert_unit)) return false;
  if (!rule.empty() && rule != alert_rule) return false;
  return true;
}

Status ValidateSilence(const Silence& silence) {
  std::vector<ErrorDetail> errors;
  if (silence.indicator.empty() && silence.unit.empty() && silence.rule.empty()) {
    errors.push_back({"", 0, 0, "indicator", "give at least one of indicator, unit or rule"});
  }
  if (silence.reason.empty()) errors.push_back({"", 0, 0, "reason", "a silence needs a reason"});
  if (silence.ends_at <= silence.starts_at) {
    errors.push_back({"", 0, 0, "ends_at", "must be after starts_at"});
  }
  if (errors.empty()) return Status::Ok();
  return Status::InvalidArgument("invalid silence", std::move(errors));
}

}  // namespace kpiwatch
