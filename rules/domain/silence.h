// Silence: a steward or controller mutes alerts of an indicator/unit/rule for a while,
// with a reason. Alerts raised while a matching silence is active are still stored, with
// status silenced, so nothing disappears from the audit trail.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "detectors/core/status.h"

namespace kpiwatch {

struct Silence {
  std::uint64_t id = 0;
  std::string indicator;  // id or glob; "" = any
  std::string unit;       // id or glob; "" = any
  std::string rule;       // rule name; "" = any
  std::chrono::sys_seconds starts_at{};
  std::chrono::sys_seconds ends_at{};  // exclusive
  std::string reason;     // required
  std::string author;
  std::chrono::sys_seconds created_at{};

  // Active at `now` and matching the alert's indicator, unit and rule.
  bool Matches(std::string_view alert_indicator, std::string_view alert_unit,
               std::string_view alert_rule, std::chrono::sys_seconds now) const;
  bool ActiveAt(std::chrono::sys_seconds now) const { return starts_at <= now && now < ends_at; }
};

// Checks a silence before it is stored: at least one of indicator/unit/rule given, a
// non-empty reason, ends_at after starts_at. InvalidArgument with one detail per field.
Status ValidateSilence(const Silence& silence);

}  // namespace kpiwatch
