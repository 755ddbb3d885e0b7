// AlertService: alerts and silences of kpiwatchd — raising them from evaluation rounds,
// controllers' actions, listings and the steering status.
//
// Every change (raise, evidence update, silenced raise, acknowledge, interpret, close,
// reopen, silence creation and expiry) is one WriteBatch with its audit record. Dedup
// and cooldown are the pure decisions of rules/evaluation/alert_decision.h; this class
// only loads what they need and stores what they return. Changes are serialised.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "daemon/audit/audit_log.h"
#include "daemon/clock.h"
#include "daemon/store/alert_store.h"
#include "rules/domain/alert.h"
#include "rules/domain/silence.h"
#include "rules/evaluation/evaluator.h"

namespace kpiwatch::daemon {

// Filters of GET /v1/alerts; unset = any.
struct AlertFilter {
  std::optional<AlertStatus> status;
  std::optional<std::string> indicator;
  std::optional<std::string> unit;
  std::optional<std::string> rule;
  std::optional<Severity> min_severity;
  std::optional<Period> from;  // the finding's period is >= from (same cadence)
  std::optional<Period> to;    // ... <= to
  std::size_t limit = 1000;    // the newest `limit` matches
};

// What one round changed.
struct AppliedRound {
  std::vector<std::uint64_t> created;   // new alerts (open)
  std::vector<std::uint64_t> silenced;  // new alerts stored as silenced
  std::vector<std::uint64_t> updated;   // alerts that got new evidence
};

// Called for every alert a round creates or gives new evidence (`before` is null for a
// new alert), before the round's batch is written, so what it stages (the e-mails the
// change causes, with their audit events) is stored together with the alert or not at all.
using AlertChangeHook = std::function<void(const Alert* before, const Alert& after, rocksdb::WriteBatch& batch,
                                           std::vector<AuditEvent>& events)>;

class AlertService {
 public:
  AlertService(store::Database& database, AuditLog& audit, const Clock& clock);

  // Reads the id counters; call once before anything else.
  Status Start();
  // Sets the change hook and what runs after a round with changes was written (e.g. waking
  // the delivery worker). Call before rounds are applied (not thread-safe with Apply).
  void SetChangeHook(AlertChangeHook on_change, std::function<void()> after_commit);

  // Raises or updates alerts for a round's candidates, all in one batch. `rule_version`
  // is the version of the rule set that produced them.
  Result<AppliedRound> Apply(const std::vector<AlertCandidate>& candidates, int rule_version);

  // A controller's action (see ApplyAlertAction); NotFound for an unknown id.
  Result<Alert> Act(std::uint64_t id, AlertAction action, const std::string& actor,
                    std::optional<Interpretation> interpretation);

  // Records on the alert (a "notification_failed" transition whose note is `reason`) and in
  // the audit trail that an e-mail about it was given up. Its own batch: the outbox removal
  // follows, so a crash in between records the failure twice, never not at all.
  Result<Alert> RecordNotificationFailure(std::uint64_t id, const std::string& reason);

  Result<Alert> Get(std::uint64_t id) const;
  // Matching alerts, newest first.
  Result<std::vector<Alert>> List(const AlertFilter& filter) const;
  // The steering status of an indicator (all units, or one unit).
  Result<SteeringState> Steering(const std::string& indicator, const std::optional<std::string>& unit) const;

  // Validates (ValidateSilence), assigns an id, stores and audits a silence.
  Result<Silence> AddSilence(Silence silence, const std::string& actor);
  // Every silence, ascending id.
  Result<std::vector<Silence>> Silences() const;
  // Audits ("silence.expire") every silence that ended since the last call; returns how many.
  Result<std::size_t> RecordExpiredSilences();

 private:
  store::Database& database_;
  store::AlertStore alerts_;
  AuditLog& audit_;
  const Clock& clock_;
  mutable std::mutex mutex_;  // serialises changes
  std::uint64_t last_alert_id_ = 0;
  std::uint64_t last_silence_id_ = 0;
  AlertChangeHook on_change_;
  std::function<void()> after_commit_;
};

}  // namespace kpiwatch::daemon
