// NotifyService: the notification parts kpiwatchd wires together — outbox, transport,
// Notifier (staging) and DeliveryWorker (sending) — so the daemon holds one object.
//
// Lifetime: open after the database and the audit log, Start() once the daemon is up,
// Stop() before the database closes.
#pragma once

#include <boost/json.hpp>
#include <filesystem>
#include <memory>

#include "daemon/notify/delivery_worker.h"
#include "daemon/notify/notifier.h"
#include "daemon/notify/outbox_store.h"
#include "daemon/notify/transport.h"

namespace kpiwatch::notify {

class NotifyService {
 public:
  // Loads the outbox (kCorruption / kIoError from the store) and picks the transport:
  // SMTP when config.smtp is set, else the maildir at `maildir` (Config::mail_path()).
  // `database` and `clock` must outlive the service; the config is copied.
  static Result<std::unique_ptr<NotifyService>> Open(
      const NotifyConfig& config, const std::filesystem::path& maildir, store::Database& database,
      const daemon::Clock& clock, DeliveryHooks hooks = {}, DeliveryOptions options = {});
  // Same, with a transport chosen by the caller (tests).
  static Result<std::unique_ptr<NotifyService>> Open(const NotifyConfig& config,
                                                     std::unique_ptr<MailTransport> transport,
                                                     store::Database& database,
                                                     const daemon::Clock& clock,
                                                     DeliveryHooks hooks = {},
                                                     DeliveryOptions options = {});
  ~NotifyService();  // Stop()

  Notifier& notifier() { return *notifier_; }
  DeliveryWorker& worker() { return *worker_; }
  const NotifyConfig& config() const { return config_; }

  // Starts / stops the delivery thread (idempotent).
  void Start() { worker_->Start(); }
  void Stop() { worker_->Stop(); }

  // For /healthz and `kpiwatch status`: {"transport", "groups", "queued", "digest_items",
  // "sent", "failed_attempts", "given_up", "oldest_queued_seconds", "last_error"}.
  boost::json::object StatusJson() const;

 private:
  NotifyService(const NotifyConfig& config, store::Database& database);

  NotifyConfig config_;
  OutboxStore outbox_;
  std::unique_ptr<MailTransport> transport_;
  std::unique_ptr<Notifier> notifier_;
  std::unique_ptr<DeliveryWorker> worker_;
};

// DeliveryStats as JSON (the figures of StatusJson).
boost::json::object DeliveryStatsToJson(const DeliveryStats& stats);

}  // namespace kpiwatch::notify
