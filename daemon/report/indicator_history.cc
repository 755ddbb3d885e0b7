#include "daemon/report/indicator_history.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>

namespace kpiwatch::daemon::report {
namespace {

bool WithinPeriods(const Period& period, const std::optional<Period>& from, const std::optional<Period>& to) {
  return (!from || period >= *from) && (!to || period <= *to);
}

bool Selected(const Alert& alert, const AlertSelection& selection) {
  if (selection.status && alert.status != *selection.status) return false;
  if (selection.min_severity && alert.severity < *selection.min_severity) return false;
  if (selection.rule && alert.rule != *selection.rule) return false;
  return true;
}

// The catalogue changes of one indicator, from the "indicator" audit records.
Result<std::vector<DefinitionChange>> ReadDefinitionChanges(const AuditLog& audit, const std::string& id) {
  Result<std::vector<AuditRecord>> records =
      audit.Read(1, std::string("indicator"), std::numeric_limits<std::size_t>::max());
  if (!records.ok()) return records.status();
  std::vector<DefinitionChange> changes;
  for (const AuditRecord& record : *records) {
    const boost::json::value* record_id = record.payload.if_contains("id");
    if (record_id == nullptr || !record_id->is_string() || record_id->as_string() != id) continue;
    DefinitionChange change{.audit_seq = record.seq, .at = record.time, .actor = record.actor};
    if (const boost::json::value* kind = record.payload.if_contains("change"); kind && kind->is_string()) {
      change.change = std::string(kind->as_string());
    }
    const boost::json::value* definition = record.payload.if_contains("definition");
    if (definition != nullptr && definition->is_object()) {
      const boost::json::value* version = definition->as_object().if_contains("definition_version");
      if (version != nullptr && version->is_int64()) change.definition_version = static_cast<int>(version->as_int64());
    }
    changes.push_back(std::move(change));
  }
  return changes;
}

Result<std::vector<RuleVersionUse>> ReadRuleVersions(const RuleService& rules, const Indicator& indicator,
                                                     const std::vector<Alert>& alerts) {
  std::map<int, std::vector<std::uint64_t>> raised;
  for (const Alert& alert : alerts) raised[alert.rule_version].push_back(alert.id);
  std::shared_ptr<const RuleSetVersion> current = rules.Current();
  Result<std::vector<RuleSetVersion>> versions = rules.Versions();
  if (!versions.ok()) return versions.status();
  std::vector<RuleVersionUse> uses;
  for (const RuleSetVersion& version : *versions) {
    bool active = current != nullptr && version.version == current->version;
    auto found = raised.find(version.version);
    if (!active && found == raised.end()) continue;
    RuleVersionUse use{.version = version.version,
                       .author = version.author,
                       .source = version.source,
                       .activated_at = version.activated_at,
                       .summary = version.diff.Summary(),
                       .active = active};
    if (found != raised.end()) use.alert_ids = found->second;
    if (active) {
      for (const Rule& rule : current->rules.rules) {
        if (rule.select.MatchesIndicator(indicator)) use.rules.push_back(rule.name);
      }
    }
    uses.push_back(std::move(use));
  }
  return uses;
}

}  // namespace

bool AlertConcernsUnit(const Alert& alert, const std::string& unit) {
  return alert.unit.empty() || alert.unit == unit;
}

bool AlertWithinPeriods(const Alert& alert, const std::optional<Period>& from, const std::optional<Period>& to) {
  if (!from && !to) return true;
  Result<Period> period = Period::Parse(alert.finding.period);
  if (!period.ok()) return true;
  if ((from && from->cadence() != period->cadence()) || (to && to->cadence() != period->cadence())) return true;
  return WithinPeriods(*period, from, to);
}

Result<IndicatorHistory> AssembleIndicatorHistory(const HistorySources& sources, const std::string& indicator_id,
                                                  const HistoryQuery& query, std::chrono::sys_seconds now) {
  std::shared_ptr<const Catalogue> catalogue = sources.catalogue.Current();
  const Indicator* indicator = catalogue->Find(indicator_id);
  if (indicator == nullptr) return Status::NotFound("indicator '" + indicator_id + "' is not declared");
  for (const std::optional<Period>* bound : {&query.from, &query.to}) {
    if (*bound && (*bound)->cadence() != indicator->cadence) {
      return Status::InvalidArgument(
          "bad report query", {{.field = bound == &query.from ? "from" : "to",
                                .reason = "must be a " + std::string(CadenceName(indicator->cadence)) +
                                          " period like the indicator's cadence"}});
    }
  }
  IndicatorHistory history;
  history.indicator = *indicator;
  history.query = query;
  history.generated_at = now;

  Result<std::vector<Indicator>> previous = sources.catalogue.History(indicator_id);
  if (!previous.ok()) return previous.status();
  history.previous_definitions = std::move(*previous);
  Result<std::vector<DefinitionChange>> changes = ReadDefinitionChanges(sources.audit, indicator_id);
  if (!changes.ok()) return changes.status();
  history.definition_changes = std::move(*changes);

  Result<std::vector<std::string>> units = sources.observations.ListUnits(indicator_id);
  if (!units.ok()) return units.status();
  if (query.unit && std::find(units->begin(), units->end(), *query.unit) == units->end()) {
    return Status::NotFound("indicator '" + indicator_id + "' has no observations for unit '" + *query.unit + "'");
  }
  for (const std::string& unit : *units) {
    if (query.unit && unit != *query.unit) continue;
    UnitHistory unit_history{.unit = unit};
    Result<std::vector<store::SeriesPoint>> points =
        sources.observations.ReadSeries(indicator_id, unit, query.from, query.to);
    if (!points.ok()) return points.status();
    unit_history.points = std::move(*points);
    Result<std::vector<store::RevisionRecord>> revisions = sources.observations.ReadRevisions(indicator_id, unit);
    if (!revisions.ok()) return revisions.status();
    for (store::RevisionRecord& record : *revisions) {
      if (WithinPeriods(record.period, query.from, query.to)) unit_history.restatements.push_back(std::move(record));
    }
    Result<SteeringState> steering = sources.alerts.Steering(indicator_id, unit);
    if (!steering.ok()) return steering.status();
    unit_history.steering = std::move(*steering);
    history.units.push_back(std::move(unit_history));
  }
  Result<SteeringState> steering = sources.alerts.Steering(indicator_id, query.unit);
  if (!steering.ok()) return steering.status();
  history.steering = std::move(*steering);

  AlertFilter filter{.indicator = indicator_id, .limit = std::numeric_limits<std::size_t>::max()};
  Result<std::vector<Alert>> alerts = sources.alerts.List(filter);
  if (!alerts.ok()) return alerts.status();
  std::vector<Alert> in_scope;
  for (Alert& alert : *alerts) {
    if (query.unit && !AlertConcernsUnit(alert, *query.unit)) continue;
    if (!AlertWithinPeriods(alert, query.from, query.to)) continue;
    in_scope.push_back(std::move(alert));
  }
  std::sort(in_scope.begin(), in_scope.end(), [](const Alert& a, const Alert& b) { return a.id < b.id; });
  history.alerts_total = in_scope.size();
  std::set<std::string> rule_names;
  for (const Alert& alert : in_scope) rule_names.insert(alert.rule);
  history.alert_rules.assign(rule_names.begin(), rule_names.end());
  Result<std::vector<RuleVersionUse>> versions = ReadRuleVersions(sources.rules, *indicator, in_scope);
  if (!versions.ok()) return versions.status();
  history.rule_versions = std::move(*versions);
  for (Alert& alert : in_scope) {
    if (Selected(alert, query.alerts)) history.alerts.push_back(std::move(alert));
  }

  Result<AuditVerification> audit = sources.audit.Verify();
  if (!audit.ok()) return audit.status();
  history.audit = *audit;
  return history;
}

}  // namespace kpiwatch::daemon::report
