#include "rules/simulation/scenario_files.h"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <fstream>
#include <system_error>

#include "rules/simulation/truth_json.h"

namespace kpiwatch::simulation {
namespace {

void EmitList(YAML::Emitter& out, const char* key, const std::vector<std::string>& items) {
  if (items.empty()) return;
  out << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (const std::string& item : items) out << item;
  out << YAML::EndSeq;
}

void EmitText(YAML::Emitter& out, const char* key, const std::string& text) {
  if (!text.empty()) out << YAML::Key << key << YAML::Value << text;
}

void EmitTarget(YAML::Emitter& out, const Target& target) {
  out << YAML::Key << "target" << YAML::Value << YAML::Flow << YAML::BeginMap;
  out << YAML::Key << "value" << YAML::Value << FormatNumber(target.value);
  out << YAML::Key << "comparator" << YAML::Value << YAML::DoubleQuoted
      << ComparatorName(target.comparator);
  if (target.valid_from) {
    out << YAML::Key << "valid_from" << YAML::Value << YAML::DoubleQuoted
        << target.valid_from->ToString();
  }
  out << YAML::EndMap;
}

void EmitIndicator(YAML::Emitter& out, const Indicator& indicator) {
  out << YAML::BeginMap;
  out << YAML::Key << "id" << YAML::Value << indicator.id;
  out << YAML::Key << "name" << YAML::Value << indicator.name;
  out << YAML::Key << "definition" << YAML::Value << indicator.definition;
  out << YAML::Key << "unit" << YAML::Value << UnitKindName(indicator.unit);
  out << YAML::Key << "direction" << YAML::Value << DirectionName(indicator.direction);
  out << YAML::Key << "cadence" << YAML::Value << CadenceName(indicator.cadence);
  if (indicator.target) EmitTarget(out, *indicator.target);
  EmitText(out, "owner_team", indicator.owner_team);
  if (indicator.layer) out << YAML::Key << "layer" << YAML::Value << LayerName(*indicator.layer);
  EmitText(out, "numerator", indicator.numerator);
  EmitText(out, "denominator", indicator.denominator);
  EmitList(out, "counter_indicators", indicator.counter_indicators);
  EmitText(out, "proxy_for", indicator.proxy_for);
  EmitText(out, "source", indicator.source);
  out << YAML::Key << "definition_version" << YAML::Value << indicator.definition_version;
  std::vector<std::string> changes;
  for (const Period& period : indicator.definition_changes) changes.push_back(period.ToString());
  EmitList(out, "definition_changes", changes);
  EmitList(out, "labels", indicator.labels);
  EmitText(out, "owner_group", indicator.owner_group);
  out << YAML::EndMap;
}

Status WriteText(const std::filesystem::path& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << text;
  file.close();
  if (!file) return Status::IoError("cannot write " + path.string());
  return Status::Ok();
}

}  // namespace

std::string FormatNumber(double value) {
  char buffer[64];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return error == std::errc() ? std::string(buffer, end) : std::string("nan");
}

std::string CatalogueYaml(const std::vector<Indicator>& indicators) {
  YAML::Emitter out;
  out << YAML::BeginMap << YAML::Key << "indicators" << YAML::Value << YAML::BeginSeq;
  for (const Indicator& indicator : indicators) EmitIndicator(out, indicator);
  out << YAML::EndSeq << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

std::string ObservationsCsv(const std::vector<Observation>& observations) {
  std::string csv = "indicator,unit,period,value,n\n";
  for (const Observation& row : observations) {
    csv += row.indicator + ',' + row.unit + ',' + row.period.ToString() + ',' +
           FormatNumber(row.value) + ',' + (row.n ? FormatNumber(*row.n) : "") + '\n';
  }
  return csv;
}

std::string SamplesCsv(const std::vector<Sample>& samples) {
  std::string csv = "indicator,unit,period,value\n";
  for (const Sample& sample : samples) {
    csv += sample.indicator + ',' + sample.unit + ',' + sample.period.ToString() + ',' +
           FormatNumber(sample.value) + '\n';
  }
  return csv;
}

Status WriteScenarioFiles(const Scenario& scenario, const std::filesystem::path& directory) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) return Status::IoError("cannot create " + directory.string() + ": " + error.message());
  const std::pair<const char*, std::string> files[] = {
      {"catalogue.yaml", CatalogueYaml(scenario.indicators)},
      {"observations.csv", ObservationsCsv(scenario.observations)},
      {"samples.csv", SamplesCsv(scenario.samples)},
      {"truth.json", TruthJson(scenario)},
  };
  for (const auto& [name, text] : files) {
    if (Status status = WriteText(directory / name, text); !status.ok()) return status;
  }
  return Status::Ok();
}

}  // namespace kpiwatch::simulation
