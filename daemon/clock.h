// Clock: "now" for the daemon. An interface only because tests swap it for a fixed
// or stepping clock; production uses SystemClock.
#pragma once

#include <chrono>

namespace kpiwatch::daemon {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::sys_seconds Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::chrono::sys_seconds Now() const override {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

// Unix seconds of a sys_seconds time point.
inline std::int64_t UnixSeconds(std::chrono::sys_seconds time) { return time.time_since_epoch().count(); }

}  // namespace kpiwatch::daemon
