// When to try a failed message again, and when to give up. Pure functions; randomness
// comes from the caller's seeded engine.
#pragma once

#include <chrono>
#include <random>

#include "daemon/notify/notify_config.h"

namespace kpiwatch::notify {

// The delay after the `failures`-th failed attempt (1-based): the exponential base
// initial * 2^(failures-1), capped at settings.max, with "equal jitter": uniform in
// [base/2, base] (at least 1 s). failures < 1 is treated as 1.
std::chrono::seconds RetryDelay(const RetrySettings& settings, int failures,
                                std::mt19937_64& engine);

struct RetryDecision {
  bool give_up = false;
  std::chrono::sys_seconds next_attempt_at{};  // when !give_up
};

// After a failed attempt at `now`: give up when the message has been queued for at
// least settings.give_up (or `permanent`, a refusal that no retry will change);
// otherwise retry after RetryDelay, but no later than the give-up time, so the last
// attempt is made at the deadline.
RetryDecision DecideRetry(const RetrySettings& settings, int failures,
                          std::chrono::sys_seconds first_queued_at, std::chrono::sys_seconds now,
                          bool permanent, std::mt19937_64& engine);

}  // namespace kpiwatch::notify
