#include "daemon/notify/delivery_worker.h"

#include <spdlog/spdlog.h>

#include <map>

#include "daemon/notify/retry_policy.h"
#include "rules/formats/timestamp.h"

namespace kpiwatch::notify {
namespace {

boost::json::object MessagePayload(const OutboxMessage& message) {
  boost::json::array alert_ids;
  for (auto id : message.alert_ids) alert_ids.push_back(id);
  boost::json::array recipients;
  for (const auto& recipient : message.mail.recipients)
    recipients.push_back(boost::json::string(recipient));
  return {{"seq", message.seq},       {"group", message.group},
          {"alert_ids", alert_ids},   {"message_id", message.mail.message_id},
          {"recipients", recipients}, {"attempts", message.attempts}};
}

std::uint64_t SeedFrom(std::uint64_t seed) {
  if (seed != 0) return seed;
  std::random_device device;
  return (static_cast<std::uint64_t>(device()) << 32) ^ device();
}

}  // namespace

DeliveryWorker::DeliveryWorker(const NotifyConfig& config, OutboxStore& outbox,
                               MailTransport& transport, const daemon::Clock& clock,
                               DeliveryHooks hooks, DeliveryOptions options)
    : config_(config),
      outbox_(outbox),
      transport_(transport),
      clock_(clock),
      hooks_(std::move(hooks)),
      options_(options),
      engine_(SeedFrom(options.seed)) {
  if (options_.metrics != nullptr) {
    auto& registry = *options_.metrics;
    registry.Describe("kpiwatch_notify_outbox_messages", "E-mail messages waiting in the outbox",
                      "gauge");
    registry.Describe("kpiwatch_notify_digest_items", "Alerts waiting for their group's digest",
                      "gauge");
    registry.Describe("kpiwatch_notify_oldest_seconds", "Age of the oldest message in the outbox",
                      "gauge");
    registry.Describe("kpiwatch_notify_sent_total", "E-mail messages accepted by the transport",
                      "counter");
    registry.Describe("kpiwatch_notify_failed_attempts_total",
                      "Failed send attempts (each retry counts)", "counter");
    registry.Describe("kpiwatch_notify_given_up_total", "E-mail messages given up after retries",
                      "counter");
  }
}

DeliveryWorker::~DeliveryWorker() { Stop(); }

void DeliveryWorker::Start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void DeliveryWorker::Stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_condition_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void DeliveryWorker::Wake() {
  {
    std::lock_guard lock(mutex_);
    wake_ = true;
  }
  wake_condition_.notify_all();
}

void DeliveryWorker::Loop() {
  while (true) {
    Status status = RunOnce();
    if (!status.ok()) spdlog::error("notify: {}", status.ToString());
    std::unique_lock lock(mutex_);
    wake_condition_.wait_for(lock, options_.poll_interval, [this] { return stop_ || wake_; });
    if (stop_) return;
    wake_ = false;
  }
}

DeliveryStats DeliveryWorker::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

Status DeliveryWorker::Commit(rocksdb::WriteBatch& batch,
                              const std::vector<daemon::AuditEvent>& events) {
  if (hooks_.commit) return hooks_.commit(batch, events);
  return outbox_.database().Write(batch);
}

Status DeliveryWorker::RunOnce() {
  std::lock_guard pass(pass_mutex_);
  std::chrono::sys_seconds now = clock_.Now();
  Status first_error = FlushDigests(now);
  auto messages = outbox_.Messages();
  if (!messages.ok()) return messages.status();
  for (auto& message : *messages) {
    if (message.next_attempt_at > now) continue;
    {
      std::lock_guard lock(mutex_);
      if (stop_) break;
    }
    Result<bool> delivered = Deliver(std::move(message));
    if (!delivered.ok()) {
      if (first_error.ok()) first_error = delivered.status();
      continue;
    }
    // The server is unreachable or busy: leave the other due messages for the next pass,
    // so an outage costs one attempt per pass rather than one time-out per message.
    if (!*delivered) break;
  }
  PublishMetrics();
  return first_error;
}

Status DeliveryWorker::FlushDigests(std::chrono::sys_seconds now) {
  auto items = outbox_.DigestItems();
  if (!items.ok()) return items.status();
  std::map<std::string, std::vector<const DigestItem*>> due;  // by group
  for (const auto& item : *items) {
    if (item.flush_at <= now) due[item.group].push_back(&item);
  }
  Status first_error;
  for (const auto& [group_name, group_items] : due) {
    rocksdb::WriteBatch batch;
    for (const DigestItem* item : group_items) outbox_.StageRemoveDigestItem(batch, item->seq);
    const RecipientGroup* group = config_.FindGroup(group_name);
    std::vector<daemon::AuditEvent> events;
    if (group == nullptr) {
      // The group left the config: nobody to tell. Record it rather than keep the items forever.
      boost::json::array alert_ids;
      for (const DigestItem* item : group_items) alert_ids.push_back(item->entry.alert_id);
      events.push_back(
          {"kpiwatchd",
           "notification.given_up",
           {{"group", group_name},
            {"alert_ids", alert_ids},
            {"reason", "recipient group '" + group_name + "' is no longer configured"}}});
      spdlog::warn("notify: dropping {} digest items of unconfigured group {}", group_items.size(),
                   group_name);
    } else {
      std::vector<DigestEntry> entries;
      OutboxMessage message;
      for (const DigestItem* item : group_items) {
        entries.push_back(item->entry);
        message.alert_ids.push_back(item->entry.alert_id);
      }
      message.seq = outbox_.AllocateSeq(batch);
      message.group = group_name;
      message.mail = BuildDigestMail(entries, group->language,
                                     {config_.from, group->addresses, group_name, message.seq, now},
                                     config_.base_url);
      message.first_queued_at = now;
      message.next_attempt_at = now;
      outbox_.StageMessage(batch, message);
      auto payload = MessagePayload(message);
      payload["alerts"] = entries.size();
      events.push_back({"kpiwatchd", "notification.digest", std::move(payload)});
    }
    Status status = Commit(batch, events);
    if (!status.ok() && first_error.ok()) first_error = status;
  }
  return first_error;
}

Result<bool> DeliveryWorker::Deliver(OutboxMessage message) {
  Status sent = transport_.Send(message.mail);
  std::chrono::sys_seconds now = clock_.Now();  // a send may take up to the time-out
  rocksdb::WriteBatch batch;
  std::vector<daemon::AuditEvent> events;
  if (sent.ok()) {
    outbox_.StageRemoveMessage(batch, message.seq);
    events.push_back({"kpiwatchd", "notification.sent", MessagePayload(message)});
    Status status = Commit(batch, events);
    if (!status.ok()) return status;  // stays in the outbox: sent again later (same Message-ID)
    std::lock_guard lock(mutex_);
    ++stats_.sent;
    if (options_.metrics != nullptr)
      options_.metrics->IncrementCounter("kpiwatch_notify_sent_total");
    return true;
  }

  ++message.attempts;
  message.last_error = sent.message();
  bool permanent = sent.code() == StatusCode::kFailedPrecondition;
  RetryDecision decision = DecideRetry(config_.retry, message.attempts, message.first_queued_at,
                                       now, permanent, engine_);
  {
    std::lock_guard lock(mutex_);
    ++stats_.failed_attempts;
    stats_.last_error = sent.message();
    if (options_.metrics != nullptr)
      options_.metrics->IncrementCounter("kpiwatch_notify_failed_attempts_total");
  }
  if (!decision.give_up) {
    message.next_attempt_at = decision.next_attempt_at;
    outbox_.StageMessage(batch, message);
    spdlog::warn("notify: {} - attempt {}, next at {}", sent.message(), message.attempts,
                 FormatTimestamp(message.next_attempt_at));
    Status status = Commit(batch, events);  // retries are logged, not audited
    if (!status.ok()) return status;
    return false;
  }

  GiveUpReport report;
  report.reason = permanent
                      ? "refused: " + sent.message()
                      : "gave up after " + std::to_string(config_.retry.give_up.count() / 3600) +
                            " h: " + sent.message();
  report.message = std::move(message);
  outbox_.StageRemoveMessage(batch, report.message.seq);
  auto payload = MessagePayload(report.message);
  payload["reason"] = report.reason;
  events.push_back({"kpiwatchd", "notification.given_up", std::move(payload)});
  if (hooks_.on_given_up) hooks_.on_given_up(report, batch, events);
  spdlog::error("notify: {} {}", report.message.mail.message_id, report.reason);
  Status status = Commit(batch, events);
  if (!status.ok()) return status;
  std::lock_guard lock(mutex_);
  ++stats_.given_up;
  if (options_.metrics != nullptr)
    options_.metrics->IncrementCounter("kpiwatch_notify_given_up_total");
  return permanent;  // a permanent refusal says nothing about the server's health
}

void DeliveryWorker::PublishMetrics() {
  auto messages = outbox_.Messages();
  auto items = outbox_.DigestItems();
  std::chrono::sys_seconds now = clock_.Now();
  std::lock_guard lock(mutex_);
  if (messages.ok()) {
    stats_.queued = messages->size();
    stats_.oldest_queued_seconds =
        messages->empty() ? 0 : (now - messages->front().first_queued_at).count();
  }
  if (items.ok()) stats_.digest_items = items->size();
  if (options_.metrics != nullptr) PublishDeliveryGauges(stats_, *options_.metrics);
}

void PublishDeliveryGauges(const DeliveryStats& stats, metrics::Registry& registry) {
  registry.SetGauge("kpiwatch_notify_outbox_messages", {}, static_cast<double>(stats.queued));
  registry.SetGauge("kpiwatch_notify_digest_items", {}, static_cast<double>(stats.digest_items));
  registry.SetGauge("kpiwatch_notify_oldest_seconds", {},
                    static_cast<double>(stats.oldest_queued_seconds));
}

}  // namespace kpiwatch::notify
