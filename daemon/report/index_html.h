// The start page of the web view (/ui/): every declared indicator with its steering
// status and alert counts, linking to its history page.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "rules/domain/alert.h"
#include "rules/domain/indicator.h"

namespace kpiwatch::daemon::report {

// One row of the start page.
struct IndicatorSummary {
  Indicator indicator;
  std::size_t units = 0;
  SteeringStatus steering = SteeringStatus::kCleared;
  std::size_t open_alerts = 0;   // awaiting interpretation (open or acknowledged)
  std::size_t total_alerts = 0;  // every status
};

// The page; `sign_out` adds the sign-out form (access control on). Text is escaped.
std::string RenderIndexHtml(const std::vector<IndicatorSummary>& indicators, std::chrono::sys_seconds now,
                            bool sign_out);

}  // namespace kpiwatch::daemon::report
