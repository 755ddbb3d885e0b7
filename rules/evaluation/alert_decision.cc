#include "rules/evaluation/alert_decision.h"

#include <algorithm>
#include <cmath>

#include <cstdio>

namespace kpiwatch {
namespace {

constexpr const char* kScheduler = "kpiwatchd";

// Newest first: later creation, then higher id.
bool Newer(const Alert& a, const Alert& b) {
  return a.created_at != b.created_at ? a.created_at > b.created_at : a.id > b.id;
}

bool CooldownHolds(const Alert& alert, const AlertCandidate& candidate) {
  int cooldown = candidate.rule == nullptr ? 0 : candidate.rule->cooldown_periods;
  if (cooldown <= 0 || !alert.raised_period || !candidate.raised_period) return false;
  if (alert.raised_period->cadence() != candidate.raised_period->cadence()) return false;
  return candidate.raised_period->ordinal() - alert.raised_period->ordinal() < cooldown;
}

bool SameNumber(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

std::string PValueNote(const Finding& finding) {
  if (!finding.p_value) return "";
  char text[32];
  std::snprintf(text, sizeof text, ", p %.3g", *finding.p_value);
  return text;
}

}  // namespace

AlertDecision DecideAlert(const AlertCandidate& candidate, std::span<const Alert> same_key) {
  const Alert* newest_active = nullptr;
  const Alert* newest = nullptr;
  for (const Alert& alert : same_key) {
    if (newest == nullptr || Newer(alert, *newest)) newest = &alert;
    if (alert.status == AlertStatus::kClosed) continue;
    if (newest_active == nullptr || Newer(alert, *newest_active)) newest_active = &alert;
  }
  if (newest_active != nullptr) return {AlertDecision::Kind::kUpdate, newest_active->id};
  if (newest != nullptr && (newest->finding.period == candidate.finding.period ||
                            CooldownHolds(*newest, candidate))) {
    return {AlertDecision::Kind::kUpdate, newest->id};
  }
  return {AlertDecision::Kind::kCreate, 0};
}

Alert NewAlert(const AlertCandidate& candidate, std::uint64_t id, int rule_version,
               std::chrono::sys_seconds now, const Silence* silence) {
  Alert alert;
  alert.id = id;
  alert.rule_version = rule_version;
  alert.dedup_key = candidate.dedup_key;
  alert.indicator = candidate.indicator;
  alert.unit = candidate.unit;
  if (candidate.rule != nullptr) {
    alert.rule = candidate.rule->name;
    alert.severity = candidate.rule->severity;
    alert.notify = candidate.rule->notify;
  }
  alert.status = silence != nullptr ? AlertStatus::kSilenced : AlertStatus::kOpen;
  alert.silenced_by = silence != nullptr ? silence->id : 0;
  alert.finding = candidate.finding;
  alert.questions = candidate.questions;
  alert.raised_period = candidate.raised_period;
  alert.created_at = now;
  alert.updated_at = now;
  std::string note = candidate.finding.kind + " at " + candidate.finding.period + PValueNote(candidate.finding);
  if (silence != nullptr) note += "; silenced by silence " + std::to_string(silence->id) + ": " + silence->reason;
  alert.transitions.push_back({"raise", alert.status, alert.status, kScheduler, now, std::move(note)});
  return alert;
}

std::optional<Alert> WithNewEvidence(const Alert& alert, const AlertCandidate& candidate,
                                     std::chrono::sys_seconds now) {
  const Finding& old_finding = alert.finding;
  const Finding& new_finding = candidate.finding;
  if (old_finding.period == new_finding.period && old_finding.index == new_finding.index &&
      SameNumber(old_finding.statistic, new_finding.statistic) &&
      old_finding.p_value == new_finding.p_value) {
    return std::nullopt;
  }
  Alert updated = alert;
  updated.finding = new_finding;
  updated.questions = candidate.questions;
  if (candidate.rule != nullptr) updated.severity = std::max(alert.severity, candidate.rule->severity);
  ++updated.evidence_updates;
  updated.updated_at = now;
  std::string note = "new evidence: " + new_finding.kind + " at " + new_finding.period + PValueNote(new_finding);
  if (updated.severity != alert.severity) note += std::string("; severity ") + SeverityName(updated.severity);
  updated.transitions.push_back({"update", alert.status, alert.status, kScheduler, now, std::move(note)});
  return updated;
}

}  // namespace kpiwatch
