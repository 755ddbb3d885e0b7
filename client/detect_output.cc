#include "client/detect_output.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include <boost/json.hpp>

#include "client/table.h"
#include "rules/formats/finding_json.h"

namespace kpiwatch::client {
namespace {

std::string FormatNumber(double value) {
  if (!std::isfinite(value)) return "-";
  std::ostringstream out;
  out.precision(4);
  out << value;
  return out.str();
}

std::string PValueOrProbability(const Finding& finding) {
  if (finding.p_value) return "p=" + FormatNumber(*finding.p_value);
  if (finding.probability) return "P=" + FormatNumber(*finding.probability);
  return "-";
}

std::size_t FileRow(const DetectSeries& input, const Finding& finding) {
  std::size_t point = ReportedPoint(finding);
  return point < input.row_of_point.size() ? input.row_of_point[point] : point;
}

std::string Explanations(const DetectSeries& input, const DetectorOutcome& outcome) {
  std::string out;
  for (const Finding& finding : outcome.findings) {
    out += "\nrow " + std::to_string(FileRow(input, finding)) + ": " + finding.explanation + "\n";
    for (const std::string& question : finding.questions) out += "  - " + question + "\n";
  }
  return out;
}

}  // namespace

std::size_t ReportedPoint(const Finding& finding) {
  bool about_window = finding.kind != "change_point" && finding.window_end > finding.window_begin;
  return about_window ? finding.window_end : finding.index;
}

std::string RenderFindingsTable(std::string_view detector, const DetectSeries& input,
                                const DetectorOutcome& outcome) {
  std::string name(detector);
  if (outcome.applicability != Applicability::kApplicable) {
    return name + ": " + ApplicabilityName(outcome.applicability) + ": " + outcome.reason + "\n";
  }
  std::string points = std::to_string(input.series.size()) + " points";
  if (input.skipped_rows > 0) points += ", " + std::to_string(input.skipped_rows) + " rows skipped";
  if (outcome.findings.empty()) return name + ": no findings (" + points + ")\n";
  std::vector<std::vector<std::string>> rows;
  for (const Finding& finding : outcome.findings) {
    std::size_t point = ReportedPoint(finding);
    rows.push_back({std::to_string(FileRow(input, finding)), input.series.Label(point), finding.kind,
                    ChangeDirectionName(finding.direction), FormatNumber(finding.effect),
                    FormatNumber(finding.effect_sd), FormatNumber(finding.statistic),
                    PValueOrProbability(finding)});
  }
  std::string out = name + ": " + std::to_string(outcome.findings.size()) + " finding(s) (" +
                    points + ")\n";
  out += RenderTable({"row", "period", "kind", "direction", "effect", "effect_sd", "statistic",
                      "p/prob"},
                     rows);
  out += Explanations(input, outcome);
  out += "\nA finding is a reason to ask, not a verdict.\n";
  return out;
}

std::string RenderFindingsJson(std::string_view detector,
                               const std::map<std::string, std::string>& params,
                               const DetectSeries& input, const DetectorOutcome& outcome) {
  boost::json::object json = OutcomeToJson(outcome);
  for (std::size_t i = 0; i < outcome.findings.size(); ++i) {
    json["findings"].as_array()[i].as_object()["row"] = FileRow(input, outcome.findings[i]);
  }
  boost::json::object given;
  for (const auto& [name, value] : params) given[name] = value;
  json["detector"] = detector;
  json["params"] = std::move(given);
  json["points"] = input.series.size();
  json["skipped_rows"] = input.skipped_rows;
  return boost::json::serialize(json) + "\n";
}

std::string RenderIndices(const DetectSeries& input, const DetectorOutcome& outcome) {
  std::set<std::size_t> rows;
  for (const Finding& finding : outcome.findings) rows.insert(FileRow(input, finding));
  std::string out;
  for (std::size_t row : rows) out += std::to_string(row) + "\n";
  return out;
}

std::string RenderDetectorList(const DetectorRegistry& registry, bool json) {
  if (json) {
    boost::json::array detectors;
    for (const DetectorInfo& info : registry.detectors()) detectors.push_back(DetectorInfoToJson(info));
    return boost::json::serialize(boost::json::object{{"detectors", std::move(detectors)}}) + "\n";
  }
  if (registry.detectors().empty()) return "no detectors registered\n";
  std::string out;
  for (const DetectorInfo& info : registry.detectors()) {
    out += info.name + " (" + info.family + ", input: " + InputShapeName(info.shape) + ")\n";
    out += "  " + info.summary + "\n";
    if (!info.null_hypothesis.empty()) out += "  null hypothesis: " + info.null_hypothesis + "\n";
    std::vector<std::vector<std::string>> rows;
    for (const ParamSpec& spec : info.params) {
      rows.push_back({spec.name, ParamTypeName(spec.type), spec.default_value, spec.AllowedText(),
                      spec.description});
    }
    if (!rows.empty()) {
      std::istringstream table(
          RenderTable({"parameter", "type", "default", "allowed", "description"}, rows));
      for (std::string line; std::getline(table, line);) out += "  " + line + "\n";
    }
    out += "\n";
  }
  return out;
}

}  // namespace kpiwatch::client
