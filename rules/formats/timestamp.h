// UTC timestamps as text: "2026-11-23T17:49:28Z" (ISO 8601, seconds, Z). The one
// formatter and parser for report times, as_of values and API output.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "detectors/core/status.h"

namespace kpiwatch {

std::string FormatTimestamp(std::chrono::sys_seconds time);
// Parses exactly YYYY-MM-DDTHH:MM:SSZ; the error names the expected form.
Result<std::chrono::sys_seconds> ParseTimestamp(std::string_view text);

}  // namespace kpiwatch
