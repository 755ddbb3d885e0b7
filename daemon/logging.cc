#include "daemon/logging.h"

#include <spdlog/spdlog.h>

#include <string>

namespace kpiwatch::daemon {

Status ConfigureLogging(std::string_view level) {
  spdlog::level::level_enum parsed = spdlog::level::from_str(std::string(level));
  if (parsed == spdlog::level::off && level != "off") {
    return Status::InvalidArgument("unknown log level '" + std::string(level) +
                                   "' (allowed: trace, debug, info, warn, error, critical, off)");
  }
  spdlog::set_level(parsed);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v");
  return Status::Ok();
}

}  // namespace kpiwatch::daemon
