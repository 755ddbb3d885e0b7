#include "rules/formats/finding_json.h"

#include <cmath>

#include "rules/formats/field_node.h"

namespace kpiwatch {
namespace {

// JSON has no NaN or infinity: those become null.
boost::json::value Number(double value) {
  if (!std::isfinite(value)) return nullptr;
  return value;
}

boost::json::value OptionalNumber(const std::optional<double>& value) {
  return value ? Number(*value) : boost::json::value(nullptr);
}

Result<ChangeDirection> ParseChangeDirection(std::string_view text) {
  for (ChangeDirection direction :
       {ChangeDirection::kNone, ChangeDirection::kUp, ChangeDirection::kDown}) {
    if (text == ChangeDirectionName(direction)) return direction;
  }
  return Status::InvalidArgument("unknown direction '" + std::string(text) +
                                 "' (allowed: none, up, down)");
}

boost::json::object ParamToJson(const ParamSpec& spec) {
  return {{"name", spec.name},
          {"type", ParamTypeName(spec.type)},
          {"default", spec.default_value},
          {"allowed", spec.AllowedText()},
          {"description", spec.description}};
}

}  // namespace

boost::json::object FindingToJson(const Finding& finding) {
  boost::json::object evidence;
  for (const Evidence& item : finding.evidence) evidence[item.name] = Number(item.value);
  return {{"detector", finding.detector},
          {"kind", finding.kind},
          {"indicator", finding.indicator},
          {"unit", finding.unit},
          {"index", finding.index},
          {"period", finding.period},
          {"window_begin", finding.window_begin},
          {"window_end", finding.window_end},
          {"window_begin_period", finding.window_begin_period},
          {"window_end_period", finding.window_end_period},
          {"direction", ChangeDirectionName(finding.direction)},
          {"effect", Number(finding.effect)},
          {"effect_sd", Number(finding.effect_sd)},
          {"statistic_name", finding.statistic_name},
          {"statistic", Number(finding.statistic)},
          {"p_value", OptionalNumber(finding.p_value)},
          {"probability", OptionalNumber(finding.probability)},
          {"evidence", std::move(evidence)},
          {"explanation", finding.explanation},
          {"questions", StringsToJson(finding.questions)}};
}

Result<Finding> FindingFromJson(const boost::json::value& json, const std::string& prefix) {
  std::vector<ErrorDetail> errors;
  FieldReader reader("", errors);
  FieldNode node = JsonToFieldNode(json);
  Finding finding;
  if (reader.IsMap(node, prefix.empty() ? "finding" : prefix, "must be a JSON object")) {
    std::string field_prefix = prefix.empty() ? "" : prefix + ".";
    MapFields fields(reader, node, field_prefix);
    fields.Text("detector", finding.detector);
    fields.Text("kind", finding.kind);
    fields.Text("indicator", finding.indicator);
    fields.Text("unit", finding.unit);
    fields.Index("index", finding.index);
    fields.Text("period", finding.period);
    fields.Index("window_begin", finding.window_begin);
    fields.Index("window_end", finding.window_end);
    fields.Text("window_begin_period", finding.window_begin_period);
    fields.Text("window_end_period", finding.window_end_period);
    fields.Choice("direction", finding.direction, ParseChangeDirection);
    fields.Number("effect", finding.effect);
    fields.Number("effect_sd", finding.effect_sd);
    fields.Text("statistic_name", finding.statistic_name);
    fields.Number("statistic", finding.statistic);
    fields.OptionalNumber("p_value", finding.p_value);
    fields.OptionalNumber("probability", finding.probability);
    if (const FieldNode* evidence = node.Find("evidence");
        evidence != nullptr &&
        reader.IsMap(*evidence, fields.Field("evidence"), "must be an object name -> number")) {
      MapFields values(reader, *evidence, fields.Field("evidence") + ".");
      for (const auto& [name, value] : evidence->entries) {
        finding.evidence.push_back({name, 0.0});
        values.Number(name, finding.evidence.back().value);
      }
    }
    fields.Text("explanation", finding.explanation);
    fields.TextList("questions", finding.questions);
  }
  if (!errors.empty()) return Status::InvalidArgument("invalid finding", std::move(errors));
  return finding;
}

boost::json::object OutcomeToJson(const DetectorOutcome& outcome) {
  boost::json::array findings;
  for (const Finding& finding : outcome.findings) findings.emplace_back(FindingToJson(finding));
  return {{"applicability", ApplicabilityName(outcome.applicability)},
          {"reason", outcome.reason},
          {"findings", std::move(findings)}};
}

boost::json::object DetectorInfoToJson(const DetectorInfo& info) {
  boost::json::array params;
  for (const ParamSpec& spec : info.params) params.emplace_back(ParamToJson(spec));
  return {{"name", info.name},
          {"family", info.family},
          {"summary", info.summary},
          {"null_hypothesis", info.null_hypothesis},
          {"shape", InputShapeName(info.shape)},
          {"params", std::move(params)}};
}

}  // namespace kpiwatch
