// Logging set-up for kpiwatchd (spdlog). The only place that configures the logger.
#pragma once

#include <string_view>

#include "detectors/core/status.h"

namespace kpiwatch::daemon {

// Sets the default logger's level: trace, debug, info, warn, error, critical, off.
Status ConfigureLogging(std::string_view level);

}  // namespace kpiwatch::daemon
