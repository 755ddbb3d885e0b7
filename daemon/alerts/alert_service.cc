#include "daemon/alerts/alert_service.h"

#include <algorithm>
#include <map>

#include "daemon/store/key_encoding.h"
#include "daemon/store/meta_store.h"
#include "rules/evaluation/alert_decision.h"
#include "rules/formats/timestamp.h"

namespace kpiwatch::daemon {
namespace {

constexpr const char* kScheduler = "kpiwatchd";

boost::json::object AlertAuditPayload(const Alert& alert) {
  boost::json::object payload{{"alert", alert.id},
                              {"rule", alert.rule},
                              {"rule_version", alert.rule_version},
                              {"indicator", alert.indicator},
                              {"unit", alert.unit},
                              {"severity", SeverityName(alert.severity)},
                              {"status", AlertStatusName(alert.status)},
                              {"detector", alert.finding.detector},
                              {"period", alert.finding.period}};
  if (alert.finding.p_value) payload["p_value"] = *alert.finding.p_value;
  return payload;
}

bool InPeriodRange(const Alert& alert, const AlertFilter& filter) {
  if (!filter.from && !filter.to) return true;
  Result<Period> period = Period::Parse(alert.finding.period);
  if (!period.ok()) return false;
  if (filter.from && (period->cadence() != filter.from->cadence() || *period < *filter.from)) return false;
  if (filter.to && (period->cadence() != filter.to->cadence() || *filter.to < *period)) return false;
  return true;
}

bool Matches(const Alert& alert, const AlertFilter& filter) {
  if (filter.status && alert.status != *filter.status) return false;
  if (filter.indicator && alert.indicator != *filter.indicator) return false;
  if (filter.unit && alert.unit != *filter.unit) return false;
  if (filter.rule && alert.rule != *filter.rule) return false;
  if (filter.min_severity && alert.severity < *filter.min_severity) return false;
  return InPeriodRange(alert, filter);
}

std::string ExpiryMarker(std::uint64_t silence_id) {
  std::string key = "silence_expired/";
  store::AppendBigEndian64(key, silence_id);
  return key;
}

}  // namespace

AlertService::AlertService(store::Database& database, AuditLog& audit, const Clock& clock)
    : database_(database), alerts_(database), audit_(audit), clock_(clock) {}

Status AlertService::Start() {
  Result<std::uint64_t> alert = store::ReadCounter(database_, "alert");
  if (!alert.ok()) return alert.status();
  Result<std::uint64_t> silence = store::ReadCounter(database_, "silence");
  if (!silence.ok()) return silence.status();
  last_alert_id_ = *alert;
  last_silence_id_ = *silence;
  return Status::Ok();
}

void AlertService::SetChangeHook(AlertChangeHook on_change, std::function<void()> after_commit) {
  on_change_ = std::move(on_change);
  after_commit_ = std::move(after_commit);
}

Result<AppliedRound> AlertService::Apply(const std::vector<AlertCandidate>& candidates, int rule_version) {
  std::lock_guard lock(mutex_);
  Result<std::vector<Silence>> silences = alerts_.Silences();
  if (!silences.ok()) return silences.status();
  std::chrono::sys_seconds now = clock_.Now();
  AppliedRound applied;
  rocksdb::WriteBatch batch;
  std::vector<AuditEvent> events;
  std::map<std::string, std::vector<Alert>> by_key;  // stored alerts plus those staged this round
  std::uint64_t next_id = last_alert_id_;
  for (const AlertCandidate& candidate : candidates) {
    auto [known, inserted] = by_key.try_emplace(candidate.dedup_key);
    if (inserted) {
      Result<std::vector<Alert>> stored = alerts_.WithDedupKey(candidate.dedup_key);
      if (!stored.ok()) return stored.status();
      known->second = std::move(*stored);
    }
    std::vector<Alert>& same_key = known->second;
    AlertDecision decision = DecideAlert(candidate, same_key);
    if (decision.kind == AlertDecision::Kind::kUpdate) {
      auto it = std::find_if(same_key.begin(), same_key.end(),
                             [&](const Alert& alert) { return alert.id == decision.alert_id; });
      if (it == same_key.end()) continue;
      std::optional<Alert> updated = WithNewEvidence(*it, candidate, now);
      if (!updated) continue;
      if (on_change_) on_change_(&*it, *updated, batch, events);
      *it = std::move(*updated);
      alerts_.Stage(*it, batch);
      events.push_back({kScheduler, "alert.update", AlertAuditPayload(*it)});
      if (std::find(applied.updated.begin(), applied.updated.end(), it->id) == applied.updated.end()) {
        applied.updated.push_back(it->id);
      }
      continue;
    }
    auto silence = std::find_if(silences->begin(), silences->end(), [&](const Silence& s) {
      return s.Matches(candidate.indicator, candidate.unit, candidate.rule->name, now);
    });
    const Silence* matching = silence == silences->end() ? nullptr : &*silence;
    Alert alert = NewAlert(candidate, ++next_id, rule_version, now, matching);
    alerts_.Stage(alert, batch);
    boost::json::object payload = AlertAuditPayload(alert);
    if (matching != nullptr) payload["silence"] = matching->id;
    events.push_back({kScheduler, matching != nullptr ? "alert.silenced" : "alert.raise", std::move(payload)});
    if (on_change_) on_change_(nullptr, alert, batch, events);
    (matching != nullptr ? applied.silenced : applied.created).push_back(alert.id);
    same_key.push_back(std::move(alert));
  }
  if (events.empty()) return applied;
  if (next_id != last_alert_id_) store::StageCounter(database_, batch, "alert", next_id);
  if (Status committed = audit_.Commit(batch, events); !committed.ok()) return committed;
  last_alert_id_ = next_id;
  if (after_commit_) after_commit_();
  return applied;
}

Result<Alert> AlertService::Act(std::uint64_t id, AlertAction action, const std::string& actor,
                                std::optional<Interpretation> interpretation) {
  std::lock_guard lock(mutex_);
  Result<Alert> alert = alerts_.Get(id);
  if (!alert.ok()) return alert.status();
  Result<Alert> changed = ApplyAlertAction(*alert, action, actor, clock_.Now(), std::move(interpretation));
  if (!changed.ok()) return changed.status();
  rocksdb::WriteBatch batch;
  alerts_.Stage(*changed, batch);
  boost::json::object payload = AlertAuditPayload(*changed);
  payload["from"] = AlertStatusName(alert->status);
  if (action == AlertAction::kInterpret && changed->interpretation) {
    payload["category"] = InterpretationCategoryName(changed->interpretation->category);
    payload["note"] = changed->interpretation->note;
  }
  if (Status committed = audit_.Commit(batch, {{actor, std::string("alert.") + AlertActionName(action), payload}});
      !committed.ok()) {
    return committed;
  }
  return changed;
}

Result<Alert> AlertService::RecordNotificationFailure(std::uint64_t id, const std::string& reason) {
  std::lock_guard lock(mutex_);
  Result<Alert> alert = alerts_.Get(id);
  if (!alert.ok()) return alert.status();
  std::chrono::sys_seconds now = clock_.Now();
  alert->transitions.push_back({"notification_failed", alert->status, alert->status, kScheduler, now, reason});
  alert->updated_at = now;
  rocksdb::WriteBatch batch;
  alerts_.Stage(*alert, batch);
  boost::json::object payload = AlertAuditPayload(*alert);
  payload["reason"] = reason;
  if (Status committed = audit_.Commit(batch, {{kScheduler, "alert.notification_failed", payload}});
      !committed.ok()) {
    return committed;
  }
  return alert;
}

Result<Alert> AlertService::Get(std::uint64_t id) const { return alerts_.Get(id); }

Result<std::vector<Alert>> AlertService::List(const AlertFilter& filter) const {
  Result<std::vector<Alert>> alerts =
      filter.indicator ? alerts_.ForIndicator(*filter.indicator, filter.unit) : alerts_.All();
  if (!alerts.ok()) return alerts.status();
  std::vector<Alert> matching;
  for (auto it = alerts->rbegin(); it != alerts->rend() && matching.size() < filter.limit; ++it) {
    if (Matches(*it, filter)) matching.push_back(std::move(*it));
  }
  return matching;
}

Result<SteeringState> AlertService::Steering(const std::string& indicator,
                                             const std::optional<std::string>& unit) const {
  Result<std::vector<Alert>> alerts = alerts_.ForIndicator(indicator, unit);
  if (!alerts.ok()) return alerts.status();
  return SteeringStatusOf(*alerts);
}

Result<Silence> AlertService::AddSilence(Silence silence, const std::string& actor) {
  if (Status valid = ValidateSilence(silence); !valid.ok()) return valid;
  std::lock_guard lock(mutex_);
  silence.id = last_silence_id_ + 1;
  silence.author = actor;
  silence.created_at = clock_.Now();
  rocksdb::WriteBatch batch;
  alerts_.StageSilence(silence, batch);
  store::StageCounter(database_, batch, "silence", silence.id);
  AuditEvent event{actor, "silence.create",
                   {{"silence", silence.id},
                    {"indicator", silence.indicator},
                    {"unit", silence.unit},
                    {"rule", silence.rule},
                    {"reason", silence.reason},
                    {"starts_at", FormatTimestamp(silence.starts_at)},
                    {"ends_at", FormatTimestamp(silence.ends_at)}}};
  if (Status committed = audit_.Commit(batch, {event}); !committed.ok()) return committed;
  last_silence_id_ = silence.id;
  return silence;
}

Result<std::vector<Silence>> AlertService::Silences() const { return alerts_.Silences(); }

Result<std::size_t> AlertService::RecordExpiredSilences() {
  std::lock_guard lock(mutex_);
  Result<std::vector<Silence>> silences = alerts_.Silences();
  if (!silences.ok()) return silences.status();
  std::chrono::sys_seconds now = clock_.Now();
  rocksdb::WriteBatch batch;
  std::vector<AuditEvent> events;
  for (const Silence& silence : *silences) {
    if (silence.ends_at > now) continue;
    Result<std::optional<std::string>> marker = database_.Get(store::Family::kMeta, ExpiryMarker(silence.id));
    if (!marker.ok()) return marker.status();
    if (marker->has_value()) continue;
    batch.Put(database_.handle(store::Family::kMeta), ExpiryMarker(silence.id), "");
    events.push_back({kScheduler, "silence.expire",
                      {{"silence", silence.id}, {"ends_at", FormatTimestamp(silence.ends_at)}}});
  }
  if (events.empty()) return std::size_t{0};
  if (Status committed = audit_.Commit(batch, events); !committed.ok()) return committed;
  return events.size();
}

}  // namespace kpiwatch::daemon
