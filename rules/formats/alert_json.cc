// AlertToJson / AlertFromJson: the stored and the API form of an alert.
#include "rules/formats/alert_json.h"

#include <climits>

#include "rules/formats/field_node.h"
#include "rules/formats/finding_json.h"
#include "rules/formats/timestamp.h"

namespace kpiwatch {
namespace {

Result<Period> ParseAnyPeriod(std::string_view text) { return Period::Parse(text); }

boost::json::object InterpretationToJson(const Interpretation& interpretation) {
  return {{"category", InterpretationCategoryName(interpretation.category)},
          {"note", interpretation.note},
          {"author", interpretation.author},
          {"at", FormatTimestamp(interpretation.at)}};
}

boost::json::object TransitionToJson(const AlertTransition& transition) {
  return {{"action", transition.action},          {"from", AlertStatusName(transition.from)},
          {"to", AlertStatusName(transition.to)}, {"actor", transition.actor},
          {"at", FormatTimestamp(transition.at)}, {"note", transition.note}};
}

void ReadInterpretation(MapFields& alert_fields, const FieldNode& node,
                        std::optional<Interpretation>& out) {
  FieldReader& reader = alert_fields.reader();
  if (!reader.IsMap(node, "interpretation",
                    "must be an object (category, note, author, at) or null"))
    return;
  Interpretation interpretation;
  MapFields fields(reader, node, "interpretation.");
  fields.Choice("category", interpretation.category, ParseInterpretationCategory);
  fields.Text("note", interpretation.note);
  fields.Text("author", interpretation.author);
  fields.Time("at", interpretation.at);
  out = std::move(interpretation);
}

void ReadTransitions(FieldReader& reader, const FieldNode& node,
                     std::vector<AlertTransition>& out) {
  if (!reader.IsList(node, "transitions")) return;
  for (std::size_t i = 0; i < node.items.size(); ++i) {
    std::string field = "transitions[" + std::to_string(i) + "]";
    if (!reader.IsMap(node.items[i], field,
                      "must be an object (action, from, to, actor, at, note)"))
      continue;
    AlertTransition transition;
    MapFields fields(reader, node.items[i], field + ".");
    fields.Text("action", transition.action);
    fields.Choice("from", transition.from, ParseAlertStatus);
    fields.Choice("to", transition.to, ParseAlertStatus);
    fields.Text("actor", transition.actor);
    fields.Time("at", transition.at);
    fields.Text("note", transition.note);
    out.push_back(std::move(transition));
  }
}

}  // namespace

boost::json::object AlertToJson(const Alert& alert) {
  boost::json::array transitions;
  for (const AlertTransition& transition : alert.transitions) {
    transitions.emplace_back(TransitionToJson(transition));
  }
  boost::json::value raised_period = nullptr;
  if (alert.raised_period) raised_period = alert.raised_period->ToString();
  boost::json::value interpretation = nullptr;
  if (alert.interpretation) interpretation = InterpretationToJson(*alert.interpretation);
  return {{"id", alert.id},
          {"rule", alert.rule},
          {"rule_version", alert.rule_version},
          {"dedup_key", alert.dedup_key},
          {"indicator", alert.indicator},
          {"unit", alert.unit},
          {"severity", SeverityName(alert.severity)},
          {"status", AlertStatusName(alert.status)},
          {"finding", FindingToJson(alert.finding)},
          {"questions", StringsToJson(alert.questions)},
          {"notify", StringsToJson(alert.notify)},
          {"raised_period", std::move(raised_period)},
          {"created_at", FormatTimestamp(alert.created_at)},
          {"updated_at", FormatTimestamp(alert.updated_at)},
          {"evidence_updates", alert.evidence_updates},
          {"interpretation", std::move(interpretation)},
          {"transitions", std::move(transitions)},
          {"silenced_by", alert.silenced_by}};
}

Result<Alert> AlertFromJson(const boost::json::value& json) {
  std::vector<ErrorDetail> errors;
  FieldReader reader("", errors);
  FieldNode node = JsonToFieldNode(json);
  Alert alert;
  if (reader.IsMap(node, "", "expected a JSON object with the alert's fields")) {
    MapFields fields(reader, node);
    fields.Unsigned("id", alert.id);
    fields.Text("rule", alert.rule);
    fields.Int("rule_version", alert.rule_version, 0, INT_MAX);
    fields.Text("dedup_key", alert.dedup_key);
    fields.Text("indicator", alert.indicator);
    fields.Text("unit", alert.unit);
    fields.Choice("severity", alert.severity, ParseSeverity);
    fields.Choice("status", alert.status, ParseAlertStatus);
    if (json.as_object().contains("finding") && !json.at("finding").is_null()) {
      Result<Finding> finding = FindingFromJson(json.at("finding"), "finding");
      if (finding.ok()) {
        alert.finding = std::move(*finding);
      } else {
        for (const ErrorDetail& detail : finding.status().details()) errors.push_back(detail);
      }
    }
    fields.TextList("questions", alert.questions);
    fields.TextList("notify", alert.notify);
    if (const FieldNode* period = node.Find("raised_period")) {
      if (auto parsed = reader.Choice(*period, "raised_period", ParseAnyPeriod))
        alert.raised_period = *parsed;
    }
    fields.Time("created_at", alert.created_at);
    fields.Time("updated_at", alert.updated_at);
    fields.Int("evidence_updates", alert.evidence_updates, 0, INT_MAX);
    if (const FieldNode* interpretation = node.Find("interpretation")) {
      ReadInterpretation(fields, *interpretation, alert.interpretation);
    }
    if (const FieldNode* transitions = node.Find("transitions")) {
      ReadTransitions(reader, *transitions, alert.transitions);
    }
    fields.Unsigned("silenced_by", alert.silenced_by);
  }
  if (!errors.empty()) return Status::InvalidArgument("invalid alert", std::move(errors));
  return alert;
}

}  // namespace kpiwatch
