// IndicatorHistory: everything an auditor reviews about one indicator, gathered once from
// the services so that every renderer (HTML page, SVG chart, CSV, JSON) is a pure
// function of this value and can be tested without a daemon.
//
// Contents: the current definition and its earlier versions, the catalogue changes from
// the audit trail, per unit the points, restatements (old values) and steering status,
// the indicator's alerts (finding, explanation, interpretation, transitions), the rule-set
// versions that raised them or are active, and the state of the audit chain.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "daemon/alerts/alert_service.h"
#include "daemon/audit/audit_log.h"
#include "daemon/catalogue/catalogue_service.h"
#include "daemon/rules/rule_service.h"
#include "daemon/store/observation_store.h"
#include "rules/domain/alert.h"
#include "rules/domain/indicator.h"

namespace kpiwatch::daemon::report {

// One unit's series as stored, with the values its restatements replaced.
struct UnitHistory {
  std::string unit;
  std::vector<store::SeriesPoint> points;            // period order, within [from, to]
  std::vector<store::RevisionRecord> restatements;   // key order, within [from, to]
  SteeringState steering;
};

// A catalogue change of the indicator, from its "indicator" audit record.
struct DefinitionChange {
  std::uint64_t audit_seq = 0;
  std::chrono::sys_seconds at{};
  std::string actor;
  std::string change;  // "declared" or "changed"
  int definition_version = 1;
};

// A rule-set version that raised one of the alerts or is the active one.
struct RuleVersionUse {
  int version = 0;
  std::string author;
  std::string source;
  std::chrono::sys_seconds activated_at{};
  std::string summary;                    // diff against the previous version
  bool active = false;                    // the running version
  std::vector<std::uint64_t> alert_ids;   // alerts of this indicator it raised
  std::vector<std::string> rules;         // active version only: rules selecting the indicator
};

// Which alerts a report shows (the web page's filter form); unset = all.
struct AlertSelection {
  std::optional<AlertStatus> status;
  std::optional<Severity> min_severity;
  std::optional<std::string> rule;
};

// What a report covers: one unit or all, a period range, an alert selection.
struct HistoryQuery {
  std::optional<std::string> unit;
  std::optional<Period> from;
  std::optional<Period> to;
  AlertSelection alerts;
};

struct IndicatorHistory {
  Indicator indicator;                       // the current definition
  std::vector<Indicator> previous_definitions;  // oldest first
  std::vector<DefinitionChange> definition_changes;
  std::vector<UnitHistory> units;            // sorted by unit
  std::vector<Alert> alerts;                 // selected, ascending id
  std::size_t alerts_total = 0;              // before the selection
  std::vector<std::string> alert_rules;      // rules of the alerts before the selection, sorted
  std::vector<RuleVersionUse> rule_versions; // ascending version
  AuditVerification audit;
  SteeringState steering;                    // over all units
  HistoryQuery query;
  std::chrono::sys_seconds generated_at{};
};

// The services a history is read from; all outlive the calls.
struct HistorySources {
  const CatalogueService& catalogue;
  const store::ObservationStore& observations;
  const AlertService& alerts;
  const RuleService& rules;
  const AuditLog& audit;
};

// Gathers the history of `indicator_id`. NotFound when it is not declared or when
// query.unit has no points; InvalidArgument when from/to are not periods of the
// indicator's cadence; storage errors as they come.
Result<IndicatorHistory> AssembleIndicatorHistory(const HistorySources& sources, const std::string& indicator_id,
                                                  const HistoryQuery& query, std::chrono::sys_seconds now);

// Whether `alert` concerns `unit` (its own unit, or a cross-section alert of every unit).
bool AlertConcernsUnit(const Alert& alert, const std::string& unit);

// Whether the alert's finding period lies within [from, to] (an unparsable or other-cadence
// period is kept: a report leaves nothing out it cannot place).
bool AlertWithinPeriods(const Alert& alert, const std::optional<Period>& from, const std::optional<Period>& to);

}  // namespace kpiwatch::daemon::report
