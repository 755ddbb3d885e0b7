#include "daemon/report/history_json.h"

#include "daemon/api/json_helpers.h"
#include "rules/formats/alert_json.h"
#include "rules/formats/indicator_json.h"
#include "rules/formats/timestamp.h"

namespace kpiwatch::daemon::report {
namespace {

boost::json::object SteeringJson(const SteeringState& state) {
  return {{"status", SteeringStatusName(state.status)},
          {"alerts", boost::json::array(state.alert_ids.begin(), state.alert_ids.end())}};
}

boost::json::object QueryJson(const HistoryQuery& query) {
  boost::json::object json;
  if (query.unit) json["unit"] = *query.unit;
  if (query.from) json["from"] = query.from->ToString();
  if (query.to) json["to"] = query.to->ToString();
  if (query.alerts.status) json["status"] = AlertStatusName(*query.alerts.status);
  if (query.alerts.min_severity) json["severity"] = SeverityName(*query.alerts.min_severity);
  if (query.alerts.rule) json["rule"] = *query.alerts.rule;
  return json;
}

}  // namespace

boost::json::object HistoryToJson(const IndicatorHistory& history) {
  boost::json::array previous;
  for (const Indicator& indicator : history.previous_definitions) previous.push_back(IndicatorToJson(indicator));
  boost::json::array changes;
  for (const DefinitionChange& change : history.definition_changes) {
    changes.push_back(boost::json::object{{"audit_seq", change.audit_seq},
                                          {"time", FormatTimestamp(change.at)},
                                          {"actor", change.actor},
                                          {"change", change.change},
                                          {"definition_version", change.definition_version}});
  }
  boost::json::array units;
  for (const UnitHistory& unit : history.units) {
    boost::json::array points;
    for (const store::SeriesPoint& point : unit.points) points.push_back(PointToJson(point.period, point.point));
    boost::json::array restatements;
    for (const store::RevisionRecord& record : unit.restatements) restatements.push_back(RevisionToJson(record));
    units.push_back(boost::json::object{{"unit", unit.unit},
                                        {"steering", SteeringJson(unit.steering)},
                                        {"points", std::move(points)},
                                        {"restatements", std::move(restatements)}});
  }
  boost::json::array alerts;
  for (const Alert& alert : history.alerts) alerts.push_back(AlertToJson(alert));
  boost::json::array versions;
  for (const RuleVersionUse& use : history.rule_versions) {
    versions.push_back(boost::json::object{{"version", use.version},
                                           {"author", use.author},
                                           {"source", use.source},
                                           {"activated_at", FormatTimestamp(use.activated_at)},
                                           {"summary", use.summary},
                                           {"active", use.active},
                                           {"alerts", boost::json::array(use.alert_ids.begin(), use.alert_ids.end())},
                                           {"rules", boost::json::value_from(use.rules)}});
  }
  boost::json::object audit{{"ok", history.audit.ok}, {"records", history.audit.records}};
  if (!history.audit.ok) {
    audit["first_broken_seq"] = history.audit.first_broken_seq;
    audit["reason"] = history.audit.reason;
  }
  return {{"indicator", IndicatorToJson(history.indicator)},
          {"previous_definitions", std::move(previous)},
          {"definition_changes", std::move(changes)},
          {"steering", SteeringJson(history.steering)},
          {"units", std::move(units)},
          {"alerts", std::move(alerts)},
          {"alerts_total", history.alerts_total},
          {"rule_versions", std::move(versions)},
          {"audit", std::move(audit)},
          {"query", QueryJson(history.query)},
          {"generated_at", FormatTimestamp(history.generated_at)}};
}

}  // namespace kpiwatch::daemon::report
