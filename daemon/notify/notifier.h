// Notifier: decides who hears of an alert and stages the e-mail into the caller's
// WriteBatch, so an alert and the message it causes are stored together or not at all.
//
// For each routed group (routing.h): an immediate group under its hourly cap gets an
// OutboxMessage built now (stable Message-ID from the outbox seq); a digest group, or an
// immediate group over its cap, gets a DigestItem that the DeliveryWorker folds into a
// digest at DigestFlushTime. Thread-safe.
#pragma once

#include <rocksdb/write_batch.h>

#include <string>
#include <vector>

#include "daemon/audit/audit_log.h"
#include "daemon/clock.h"
#include "daemon/notify/alert_message.h"
#include "daemon/notify/outbox_store.h"
#include "daemon/notify/routing.h"

namespace kpiwatch::notify {

struct StagedNotifications {
  // One "notification.queued" event per group, for AuditLog::Commit with the batch:
  // payload {alert_id, group, delivery: "immediate"|"digest", seq, and message_id
  // (immediate) or flush_at (digest)}.
  std::vector<daemon::AuditEvent> events;
  int messages = 0;                         // immediate messages staged
  int digest_items = 0;                     // digest items staged
  std::vector<std::string> unknown_groups;  // named by the rule or indicator, not configured
};

class Notifier {
 public:
  // `config` and `outbox` must outlive the notifier; outbox.Load() must have run.
  Notifier(const NotifyConfig& config, OutboxStore& outbox, const daemon::Clock& clock);

  // Stages the notifications for `alert` into `batch`. Call when an alert is created or
  // its severity rises (ShouldNotify in routing.h says so); the caller writes the batch.
  // `owner_group` is the indicator's owner_group (may be empty); context.base_url is
  // taken from the config when empty. Nothing is staged for a silenced alert. A batch the
  // caller discards leaves a gap in the outbox sequence and still counts for the hourly cap.
  StagedNotifications StageForAlert(const Alert& alert, const std::string& owner_group,
                                    AlertMailContext context, rocksdb::WriteBatch& batch);

  // Counts the immediate messages queued before a restart against the hourly cap, so a
  // restart does not reopen a group's hour: pass the "notification.queued" audit
  // records of the last hour (AuditLog::ReadSince), oldest first. Others are ignored.
  void RestoreHourlyCap(const std::vector<daemon::AuditRecord>& queued);

 private:
  const NotifyConfig& config_;
  OutboxStore& outbox_;
  const daemon::Clock& clock_;
  HourlyCap cap_;
};

}  // namespace kpiwatch::notify
