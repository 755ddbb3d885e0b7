// DeliveryWorker: the thread that empties the outbox.
//
// Each pass (every poll_interval, or at once after Wake()): folds due digest items into
// one digest message per group (items removed and message staged in one batch), then
// sends every message whose next_attempt_at has come, oldest first, until the first
// transient failure (the rest wait for the next pass). A message is removed
// only after the transport accepted it; a failure is rescheduled by DecideRetry; a
// message past the give-up time (or refused permanently) is removed and reported to
// hooks.on_given_up, whose batch changes (e.g. the alert's record of the failure) are
// written together with the removal. Every write goes through hooks.commit with its
// audit events ("notification.sent", "notification.retry", "notification.given_up",
// "notification.digest"), so the lead passes AuditLog::Commit there.
#pragma once

#include <rocksdb/write_batch.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "daemon/audit/audit_log.h"
#include "daemon/clock.h"
#include "daemon/metrics/registry.h"
#include "daemon/notify/outbox_store.h"
#include "daemon/notify/transport.h"

namespace kpiwatch::notify {

struct GiveUpReport {
  OutboxMessage message;  // with its attempts and last_error
  std::string reason;     // "gave up after 48 h: <last error>" or the permanent refusal
};

struct DeliveryHooks {
  // Writes `batch` with `events`. Production: AuditLog::Commit. Default (empty):
  // Database::Write, the events are dropped.
  std::function<Status(rocksdb::WriteBatch&, const std::vector<daemon::AuditEvent>&)> commit;
  // Called before a give-up is committed; may add to the batch and the events.
  std::function<void(const GiveUpReport&, rocksdb::WriteBatch&, std::vector<daemon::AuditEvent>&)>
      on_given_up;
};

struct DeliveryOptions {
  std::chrono::milliseconds poll_interval{1000};  // how often a pass runs without Wake()
  std::uint64_t seed = 0;                         // retry jitter; 0 = from std::random_device
  metrics::Registry* metrics = nullptr;           // kpiwatch_notify_* series, when set
};

// Figures for /healthz, /metrics and `kpiwatch status`.
struct DeliveryStats {
  std::uint64_t queued = 0;                // messages in the outbox now
  std::uint64_t digest_items = 0;          // alerts waiting for a digest now
  std::uint64_t sent = 0;                  // accepted by the transport since start
  std::uint64_t failed_attempts = 0;       // failed sends since start (each retry counts)
  std::uint64_t given_up = 0;              // messages given up since start
  std::int64_t oldest_queued_seconds = 0;  // age of the oldest message in the outbox
  std::string last_error;                  // of the latest failed send, "" when none
};

class DeliveryWorker {
 public:
  // Everything passed must outlive the worker; outbox.Load() must have run.
  DeliveryWorker(const NotifyConfig& config, OutboxStore& outbox, MailTransport& transport,
                 const daemon::Clock& clock, DeliveryHooks hooks = {},
                 DeliveryOptions options = {});
  ~DeliveryWorker();  // Stop()
  DeliveryWorker(const DeliveryWorker&) = delete;
  DeliveryWorker& operator=(const DeliveryWorker&) = delete;

  // Starts the thread (which resumes whatever the outbox holds). Idempotent.
  void Start();
  // Finishes the send in progress, then stops the thread. Idempotent.
  void Stop();
  // Runs a pass soon (e.g. after a batch with new messages was written).
  void Wake();
  // One pass on the calling thread; for tests with the thread not started. Returns the
  // first storage error (the pass goes on with the other messages).
  Status RunOnce();

  DeliveryStats stats() const;

 private:
  Status FlushDigests(std::chrono::sys_seconds now);
  // Sends one message and stores the outcome. True when the transport is usable (sent, or
  // refused permanently), false after a transient failure; an error when storing failed.
  Result<bool> Deliver(OutboxMessage message);
  Status Commit(rocksdb::WriteBatch& batch, const std::vector<daemon::AuditEvent>& events);
  void PublishMetrics();
  void Loop();

  const NotifyConfig& config_;
  OutboxStore& outbox_;
  MailTransport& transport_;
  const daemon::Clock& clock_;
  DeliveryHooks hooks_;
  DeliveryOptions options_;
  std::mt19937_64 engine_;

  mutable std::mutex mutex_;  // guards stats_, stop_, wake_
  std::condition_variable wake_condition_;
  bool stop_ = false;
  bool wake_ = false;
  DeliveryStats stats_;
  std::mutex pass_mutex_;  // one pass at a time
  std::thread thread_;
};

// Writes `stats` as Prometheus gauges (kpiwatch_notify_outbox_messages, ..._digest_items,
// ..._oldest_seconds) into `registry`; the worker does this itself after every pass when
// DeliveryOptions::metrics is set. Counters (..._sent_total, ..._failed_attempts_total,
// ..._given_up_total) are incremented by the worker as things happen.
void PublishDeliveryGauges(const DeliveryStats& stats, metrics::Registry& registry);

}  // namespace kpiwatch::notify
