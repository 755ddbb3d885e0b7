#include "daemon/report/history_html.h"

#include <cmath>

#include "daemon/http/message.h"
#include "daemon/report/html_page.h"
#include "daemon/report/svg_chart.h"
#include "daemon/report/text_format.h"
#include "rules/formats/timestamp.h"

namespace kpiwatch::daemon::report {
namespace {

std::string E(const std::string& text) { return HtmlEscape(text); }
std::string Time(std::chrono::sys_seconds time) { return E(FormatTimestamp(time)); }
std::string UnixTime(std::int64_t seconds) { return Time(std::chrono::sys_seconds{std::chrono::seconds(seconds)}); }
std::string Number(double value) { return E(FormatNumber(value, '.', 6)); }

std::string Join(const std::vector<std::string>& items, const std::string& empty = "—") {
  if (items.empty()) return empty;
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : ", ") + E(item);
  return text;
}

std::string StatusBadge(SteeringStatus status) {
  std::string name = SteeringStatusName(status);
  return "<span class=\"status status-" + name + "\">" + E(name) + "</span>";
}

std::string Row(const std::string& header, const std::string& cell_html) {
  return "<tr><th>" + E(header) + "</th><td>" + cell_html + "</td></tr>";
}

std::string IndicatorLink(const std::string& id, bool web) {
  return web ? "<a href=\"/ui/indicators/" + http::PercentEncode(id) + "\">" + E(id) + "</a>" : E(id);
}

std::string LinkList(const std::vector<std::string>& ids, bool web) {
  if (ids.empty()) return "—";
  std::string text;
  for (const std::string& id : ids) text += (text.empty() ? "" : ", ") + IndicatorLink(id, web);
  return text;
}

std::string TargetText(const Indicator& indicator) {
  if (!indicator.target) return "—";
  const Target& target = *indicator.target;
  return E(std::string(ComparatorName(target.comparator)) + " " + FormatNumber(target.value) +
           (target.valid_from ? " from " + target.valid_from->ToString() : ""));
}

std::string DefinitionSection(const IndicatorHistory& history, bool web) {
  const Indicator& indicator = history.indicator;
  std::string changes;
  for (std::size_t i = 0; i < indicator.definition_changes.size(); ++i) {
    changes += (changes.empty() ? "" : "; ") + E("v" + std::to_string(i + 2) + " from " +
                                                indicator.definition_changes[i].ToString());
  }
  std::string html = "<section class=\"definition\"><h2>Definition and metadata</h2><table class=\"meta\">";
  html += Row("Indicator", E(indicator.id));
  html += Row("Name", E(indicator.name));
  html += Row("Definition", E(indicator.definition));
  html += Row("Definition version", E(std::to_string(indicator.definition_version)));
  html += Row("Definition changes", changes.empty() ? "none" : changes);
  html += Row("Unit of measure", E(UnitKindName(indicator.unit)));
  html += Row("Direction", E(DirectionName(indicator.direction)));
  html += Row("Cadence", E(CadenceName(indicator.cadence)));
  html += Row("Target", TargetText(indicator));
  html += Row("Owner team", indicator.owner_team.empty() ? "—" : E(indicator.owner_team));
  html += Row("Owner group (notified)", indicator.owner_group.empty() ? "—" : E(indicator.owner_group));
  html += Row("Layer", indicator.layer ? E(LayerName(*indicator.layer)) : "—");
  html += Row("Source", indicator.source.empty() ? "—" : E(indicator.source));
  html += Row("Numerator / denominator",
              (indicator.numerator.empty() ? "—" : IndicatorLink(indicator.numerator, web)) + " / " +
                  (indicator.denominator.empty() ? "—" : IndicatorLink(indicator.denominator, web)));
  html += Row("Counter-indicators", LinkList(indicator.counter_indicators, web));
  html += Row("Proxy for", indicator.proxy_for.empty() ? "—" : IndicatorLink(indicator.proxy_for, web));
  html += Row("Labels", Join(indicator.labels));
  html += "</table>";
  if (!history.previous_definitions.empty()) {
    html += "<h3>Earlier definitions</h3><table class=\"previous-definitions\"><tr><th>Version</th><th>Name</th>"
            "<th>Definition</th><th>Target</th></tr>";
    for (const Indicator& previous : history.previous_definitions) {
      html += "<tr class=\"previous-definition\"><td class=\"num\">" + std::to_string(previous.definition_version) +
              "</td><td>" + E(previous.name) + "</td><td>" + E(previous.definition) + "</td><td>" +
              TargetText(previous) + "</td></tr>";
    }
    html += "</table>";
  }
  if (!history.definition_changes.empty()) {
    html += "<h3>Catalogue changes (audit trail)</h3><table class=\"catalogue-changes\"><tr><th>Audit seq</th>"
            "<th>Time</th><th>Actor</th><th>Change</th><th>Definition version</th></tr>";
    for (const DefinitionChange& change : history.definition_changes) {
      html += "<tr class=\"catalogue-change\"><td class=\"num\">" + std::to_string(change.audit_seq) + "</td><td>" +
              Time(change.at) + "</td><td>" + E(change.actor) + "</td><td>" + E(change.change) +
              "</td><td class=\"num\">" + std::to_string(change.definition_version) + "</td></tr>";
    }
    html += "</table>";
  }
  return html + "</section>";
}

std::string Legend() {
  auto swatch = [](const std::string& shape, const std::string& text) {
    return "<span><svg width=\"26\" height=\"14\" viewBox=\"0 0 26 14\" class=\"chart\" "
           "style=\"width:26px;display:inline\">" + shape + "</svg> " + text + "</span>";
  };
  return "<p class=\"legend small\">" +
         swatch("<path class=\"series\" d=\"M1 7H25\"/><circle class=\"point\" cx=\"13\" cy=\"7\" r=\"3\"/>",
                "value") +
         swatch("<circle class=\"restated\" cx=\"13\" cy=\"7\" r=\"4.5\"/>", "value before a restatement") +
         swatch("<rect class=\"flagged\" x=\"6\" y=\"0\" width=\"14\" height=\"14\"/>", "flagged period (alert)") +
         swatch("<path class=\"target\" d=\"M1 7H25\"/>", "target") +
         swatch("<line class=\"definition-change\" x1=\"13\" x2=\"13\" y1=\"0\" y2=\"14\"/>", "definition change") +
         "</p>";
}

std::string UnitSection(const IndicatorHistory& history, const UnitHistory& unit) {
  std::string html = "<section class=\"unit\" id=\"unit-" + E(unit.unit) + "\"><h3>Unit " + E(unit.unit) + " " +
                     StatusBadge(unit.steering.status) + "</h3>";
  html += "<p class=\"small muted\">" + std::to_string(unit.points.size()) + " values";
  if (!unit.points.empty()) {
    html += ", " + E(unit.points.front().period.ToString()) + " to " + E(unit.points.back().period.ToString());
  }
  html += "; " + std::to_string(unit.restatements.size()) + " restatements.</p>";
  html += RenderUnitChart(history, unit);
  if (!unit.restatements.empty()) {
    html += "<table class=\"restatements\"><tr><th>Period</th><th>Old value</th><th>New value</th>"
            "<th>Old value reported</th><th>Old source</th><th>Restated at</th><th>Batch</th></tr>";
    for (const store::RevisionRecord& record : unit.restatements) {
      const store::StoredRevision& revision = record.revision;
      html += "<tr class=\"restatement\"><td>" + E(record.period.ToString()) + "</td><td class=\"num\">" +
              Number(revision.replaced.value) + "</td><td class=\"num\">" + Number(revision.new_value) + "</td><td>" +
              UnixTime(revision.replaced.reported_at) + "</td><td>" + E(revision.replaced.source) + "</td><td>" +
              UnixTime(revision.replaced_at) + "</td><td class=\"num\">" + std::to_string(revision.batch) +
              "</td></tr>";
    }
    html += "</table>";
  }
  return html + "</section>";
}

std::string FindingNumbers(const Finding& finding) {
  std::vector<std::string> parts;
  if (!finding.statistic_name.empty() && std::isfinite(finding.statistic)) {
    parts.push_back(finding.statistic_name + " = " + FormatNumber(finding.statistic, '.', 4));
  }
  if (finding.p_value) parts.push_back("p = " + FormatNumber(*finding.p_value, '.', 3));
  if (finding.probability) parts.push_back("probability = " + FormatNumber(*finding.probability, '.', 3));
  if (std::isfinite(finding.effect)) parts.push_back("effect = " + FormatNumber(finding.effect, '.', 4));
  if (std::isfinite(finding.effect_sd)) parts.push_back("effect = " + FormatNumber(finding.effect_sd, '.', 3) + " sd");
  if (finding.direction != ChangeDirection::kNone) parts.push_back(std::string("direction ") +
                                                                   ChangeDirectionName(finding.direction));
  for (const Evidence& evidence : finding.evidence) {
    parts.push_back(evidence.name + " = " + FormatNumber(evidence.value, '.', 4));
  }
  return Join(parts, "");
}

std::string AlertSection(const Alert& alert) {
  const Finding& finding = alert.finding;
  std::string status = AlertStatusName(alert.status);
  std::string html = "<section class=\"alert alert-" + status + "\" id=\"alert-" + std::to_string(alert.id) + "\">";
  html += "<h3>Alert #" + std::to_string(alert.id) + ": " + E(alert.rule) + " <span class=\"severity-" +
          E(SeverityName(alert.severity)) + "\">" + E(SeverityName(alert.severity)) + "</span> <span class=\"status\">" +
          E(status) + "</span></h3><table class=\"meta\">";
  html += Row("Unit", alert.unit.empty() ? "all units (cross-section)" : E(alert.unit));
  html += Row("Period", E(finding.period) +
                            (finding.window_begin_period.empty()
                                 ? ""
                                 : " (window " + E(finding.window_begin_period) + " to " +
                                       E(finding.window_end_period) + ")"));
  html += Row("Detector", E(finding.detector + " / " + finding.kind));
  html += Row("Rule version", E(std::to_string(alert.rule_version)));
  html += Row("Raised", Time(alert.created_at) +
                            (alert.raised_period ? " (data up to " + E(alert.raised_period->ToString()) + ")" : ""));
  html += Row("Evidence updates", E(std::to_string(alert.evidence_updates)));
  std::string numbers = FindingNumbers(finding);
  if (!numbers.empty()) html += Row("Numbers", numbers);
  html += "</table><p class=\"explanation\">" + E(finding.explanation) + "</p>";
  if (!alert.questions.empty()) {
    html += "<p class=\"small\">Questions for the controller:</p><ul class=\"questions\">";
    for (const std::string& question : alert.questions) html += "<li>" + E(question) + "</li>";
    html += "</ul>";
  }
  if (alert.interpretation) {
    const Interpretation& interpretation = *alert.interpretation;
    html += "<div class=\"interpretation\"><strong>Interpretation: " +
            E(InterpretationCategoryName(interpretation.category)) + "</strong> by " + E(interpretation.author) +
            " at " + Time(interpretation.at) + "<p class=\"note\">" + E(interpretation.note) + "</p></div>";
  } else {
    html += "<p class=\"muted\">Not interpreted yet.</p>";
  }
  html += "<table class=\"transitions\"><tr><th>Time</th><th>Action</th><th>From</th><th>To</th><th>Actor</th>"
          "<th>Note</th></tr>";
  for (const AlertTransition& step : alert.transitions) {
    html += "<tr class=\"transition\"><td>" + Time(step.at) + "</td><td>" + E(step.action) + "</td><td>" +
            E(AlertStatusName(step.from)) + "</td><td>" + E(AlertStatusName(step.to)) + "</td><td>" + E(step.actor) +
            "</td><td>" + E(step.note) + "</td></tr>";
  }
  return html + "</table></section>";
}

std::string Selected(bool selected) { return selected ? " selected" : ""; }

std::string FilterForm(const IndicatorHistory& history) {
  const HistoryQuery& query = history.query;
  std::string html = "<form class=\"filter\" method=\"get\" action=\"/ui/indicators/" +
                     http::PercentEncode(history.indicator.id) + "\"><label>Status <select name=\"status\"><option value=\"\">any</option>";
  for (AlertStatus status : {AlertStatus::kOpen, AlertStatus::kAcknowledged, AlertStatus::kInterpreted,
                             AlertStatus::kClosed, AlertStatus::kSilenced}) {
    std::string name = AlertStatusName(status);
    html += "<option value=\"" + name + "\"" + Selected(query.alerts.status == status) + ">" + name + "</option>";
  }
  html += "</select></label><label>Severity at least <select name=\"severity\"><option value=\"\">any</option>";
  for (Severity severity : {Severity::kInfo, Severity::kWarning, Severity::kCritical}) {
    std::string name = SeverityName(severity);
    html += "<option value=\"" + name + "\"" + Selected(query.alerts.min_severity == severity) + ">" + name +
            "</option>";
  }
  html += "</select></label><label>Rule <select name=\"rule\"><option value=\"\">any</option>";
  for (const std::string& rule : history.alert_rules) {
    html += "<option value=\"" + E(rule) + "\"" + Selected(query.alerts.rule == rule) + ">" + E(rule) + "</option>";
  }
  html += "</select></label><label>Unit <input name=\"unit\" size=\"10\" value=\"" + E(query.unit.value_or("")) +
          "\"></label><label>From <input name=\"from\" size=\"8\" value=\"" +
          E(query.from ? query.from->ToString() : "") + "\"></label><label>To <input name=\"to\" size=\"8\" value=\"" +
          E(query.to ? query.to->ToString() : "") + "\"></label><button type=\"submit\">Filter</button> <a href=\"/ui/indicators/" +
          http::PercentEncode(history.indicator.id) + "\">reset</a></form>";
  return html;
}

// The query string of the history's unit and period range, escaped for an attribute
// ("" or "&amp;unit=...").
std::string ScopeQuery(const HistoryQuery& query) {
  std::string text;
  if (query.unit) text += "&amp;unit=" + http::PercentEncode(*query.unit);
  if (query.from) text += "&amp;from=" + http::PercentEncode(query.from->ToString());
  if (query.to) text += "&amp;to=" + http::PercentEncode(query.to->ToString());
  return text;
}

std::string RuleVersionsSection(const IndicatorHistory& history) {
  std::string html = "<section class=\"rule-versions\"><h2>Rule-set versions</h2>";
  if (history.rule_versions.empty()) return html + "<p>No stored rule-set version.</p></section>";
  html += "<table><tr><th>Version</th><th>Activated</th><th>Author</th><th>Source</th><th>Change</th>"
          "<th>Alerts raised here</th><th>Rules selecting this indicator</th></tr>";
  for (const RuleVersionUse& use : history.rule_versions) {
    std::string alerts;
    for (std::uint64_t id : use.alert_ids) {
      alerts += (alerts.empty() ? "" : ", ") + ("<a href=\"#alert-" + std::to_string(id) + "\">#" +
                                                std::to_string(id) + "</a>");
    }
    html += "<tr class=\"rule-version\"><td class=\"num\">" + std::to_string(use.version) +
            (use.active ? " (active)" : "") + "</td><td>" + Time(use.activated_at) + "</td><td>" + E(use.author) +
            "</td><td>" + E(use.source) + "</td><td>" + E(use.summary) + "</td><td>" + (alerts.empty() ? "—" : alerts) +
            "</td><td>" + (use.active ? Join(use.rules, "none") : "—") + "</td></tr>";
  }
  return html + "</table></section>";
}

std::string AuditSection(const AuditVerification& audit) {
  std::string html = "<section class=\"audit\"><h2>Audit chain</h2><p>";
  if (audit.ok) {
    html += "<span class=\"audit-ok\">intact</span>: " + std::to_string(audit.records) +
            " records verified (SHA-256 hash chain recomputed when this report was made).";
  } else {
    html += "<span class=\"audit-broken\">BROKEN</span> at record " + std::to_string(audit.first_broken_seq) + ": " +
            E(audit.reason) + " (" + std::to_string(audit.records) + " records before it verified).";
  }
  return html + "</p></section>";
}

}  // namespace

std::string RenderHistoryHtml(const IndicatorHistory& history, const HistoryPageOptions& options) {
  const Indicator& indicator = history.indicator;
  std::string body;
  if (options.web) {
    body += "<nav><a href=\"/ui/\">All indicators</a><a href=\"/v1/indicators/" + http::PercentEncode(indicator.id) +
            "/report?format=html" + ScopeQuery(history.query) + "\">Report file (HTML)</a><a href=\"/v1/indicators/" +
            http::PercentEncode(indicator.id) + "/report?format=csv" + ScopeQuery(history.query) +
            "\">CSV</a><a href=\"/v1/indicators/" + http::PercentEncode(indicator.id) + "/report?format=csv&amp;locale=nl" +
            ScopeQuery(history.query) + "\">CSV (nl)</a><a href=\"/v1/indicators/" + http::PercentEncode(indicator.id) +
            "/report?format=json" + ScopeQuery(history.query) + "\">JSON</a>";
    if (options.sign_out) {
      body += "<form method=\"post\" action=\"/ui/logout\" style=\"display:inline\"><button type=\"submit\">Sign "
              "out</button></form>";
    }
    body += "</nav>";
  }
  body += "<header><h1>" + E(indicator.name) + "</h1><p><code>" + E(indicator.id) + "</code> " +
          StatusBadge(history.steering.status) + "</p><p class=\"small muted\">Indicator history";
  if (history.query.unit) body += " for unit " + E(*history.query.unit);
  if (history.query.from || history.query.to) {
    body += ", periods " + E(history.query.from ? history.query.from->ToString() : "start") + " to " +
            E(history.query.to ? history.query.to->ToString() : "latest");
  }
  body += ". Generated by kpiwatchd at " + Time(history.generated_at) + ".</p></header>";
  body += DefinitionSection(history, options.web);
  body += "<section class=\"series\"><h2>Series</h2>" + Legend();
  if (history.units.empty()) body += "<p>No observations.</p>";
  for (const UnitHistory& unit : history.units) body += UnitSection(history, unit);
  body += "</section><section class=\"alerts\"><h2>Alerts</h2>";
  if (options.web) body += FilterForm(history);
  body += "<p class=\"small\">" + std::to_string(history.alerts.size()) + " of " +
          std::to_string(history.alerts_total) + " alerts shown.</p>";
  for (const Alert& alert : history.alerts) body += AlertSection(alert);
  body += "</section>";
  body += RuleVersionsSection(history);
  body += AuditSection(history.audit);
  return HtmlDocument(indicator.name + " — kpiwatch indicator history", body);
}

}  // namespace kpiwatch::daemon::report
