#include "daemon/notify/notifier.h"

#include "daemon/notify/digest_message.h"
#include "rules/formats/timestamp.h"

namespace kpiwatch::notify {

Notifier::Notifier(const NotifyConfig& config, OutboxStore& outbox, const daemon::Clock& clock)
    : config_(config), outbox_(outbox), clock_(clock) {}

StagedNotifications Notifier::StageForAlert(const Alert& alert, const std::string& owner_group,
                                            AlertMailContext context, rocksdb::WriteBatch& batch) {
  StagedNotifications staged;
  if (alert.status == AlertStatus::kSilenced) return staged;
  if (context.base_url.empty()) context.base_url = config_.base_url;
  std::chrono::sys_seconds now = clock_.Now();
  Routing routing = RouteAlert(alert.notify, owner_group, alert.severity, config_);
  staged.unknown_groups = routing.unknown_groups;

  for (const RecipientGroup* group : routing.groups) {
    std::uint64_t seq = outbox_.AllocateSeq(batch);
    boost::json::object payload = {{"alert_id", alert.id}, {"group", group->name}, {"seq", seq}};
    if (ChooseDelivery(*group, cap_.SentInLastHour(group->name, now)) == Delivery::kImmediate) {
      cap_.RecordSend(group->name, now);
      OutboxMessage message;
      message.seq = seq;
      message.group = group->name;
      message.alert_ids = {alert.id};
      message.mail = BuildAlertMail(alert, context, group->language,
                                    {config_.from, group->addresses, group->name, seq, now});
      message.first_queued_at = now;
      message.next_attempt_at = now;
      outbox_.StageMessage(batch, message);
      payload["delivery"] = "immediate";
      payload["message_id"] = message.mail.message_id;
      ++staged.messages;
    } else {
      DigestItem item;
      item.seq = seq;
      item.group = group->name;
      item.entry = DigestEntryFor(alert, context);
      item.queued_at = now;
      item.flush_at = DigestFlushTime(*group, now);
      outbox_.StageDigestItem(batch, item);
      payload["delivery"] = "digest";
      payload["flush_at"] = FormatTimestamp(item.flush_at);
      ++staged.digest_items;
    }
    staged.events.push_back({"kpiwatchd", "notification.queued", std::move(payload)});
  }
  return staged;
}

void Notifier::RestoreHourlyCap(const std::vector<daemon::AuditRecord>& queued) {
  for (const daemon::AuditRecord& record : queued) {
    const boost::json::value* delivery = record.payload.if_contains("delivery");
    const boost::json::value* group = record.payload.if_contains("group");
    if (record.kind != "notification.queued" || delivery == nullptr || group == nullptr ||
        !group->is_string() || *delivery != "immediate") {
      continue;
    }
    cap_.RecordSend(std::string(group->as_string()), record.time);
  }
}

}  // namespace kpiwatch::notify
