#include "daemon/notify/retry_policy.h"

#include <algorithm>

namespace kpiwatch::notify {

std::chrono::seconds RetryDelay(const RetrySettings& settings, int failures,
                                std::mt19937_64& engine) {
  std::int64_t base = std::max<std::int64_t>(1, settings.initial.count());
  std::int64_t cap = std::max<std::int64_t>(1, settings.max.count());
  for (int i = 1; i < failures && base < cap; ++i) base *= 2;
  base = std::min(base, cap);
  std::uniform_int_distribution<std::int64_t> jitter(base / 2, base);
  return std::chrono::seconds(std::max<std::int64_t>(1, jitter(engine)));
}

RetryDecision DecideRetry(const RetrySettings& settings, int failures,
                          std::chrono::sys_seconds first_queued_at, std::chrono::sys_seconds now,
                          bool permanent, std::mt19937_64& engine) {
  std::chrono::sys_seconds deadline = first_queued_at + settings.give_up;
  if (permanent || now >= deadline) return {true, {}};
  return {false, std::min(now + RetryDelay(settings, failures, engine), deadline)};
}

}  // namespace kpiwatch::notify
