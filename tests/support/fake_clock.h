// A clock that tests set and advance by hand.
#pragma once

#include "daemon/clock.h"

namespace kpiwatch::testing {

class FakeClock final : public daemon::Clock {
 public:
  explicit FakeClock(std::chrono::sys_seconds now = std::chrono::sys_seconds{std::chrono::seconds(1700000000)})
      : now_(now) {}
  std::chrono::sys_seconds Now() const override { return now_; }
  void Advance(std::chrono::seconds by) { now_ += by; }
  void Set(std::chrono::sys_seconds now) { now_ = now; }

 private:
  std::chrono::sys_seconds now_;
};

}  // namespace kpiwatch::testing
