#include "rules/formats/finding_json.h"

#include <cmath>

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

boost::json::array Strings(const std::vector<std::string>& texts) {
  boost::json::array out;
  for (const std::string& text : texts) out.emplace_back(text);
  return out;
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
          {"questions", Strings(finding.questions)}};
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
