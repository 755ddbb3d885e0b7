#include "rules/formats/catalogue_parser.h"

#include <map>

#include "rules/formats/indicator_fields.h"
#include "rules/formats/indicator_json.h"
#include "rules/formats/yaml_fields.h"

namespace kpiwatch {
namespace {

// Reference errors get the position of the field they are about.
void AddReferenceErrors(const LocatedIndicator& located, const Catalogue& catalogue,
                        std::string_view file_name, std::vector<ErrorDetail>& errors) {
  Status status = ValidateIndicatorReferences(located.indicator, catalogue);
  for (ErrorDetail detail : status.details()) {
    detail.file = std::string(file_name);
    if (auto found = located.positions.find(detail.field); found != located.positions.end()) {
      detail.line = found->second.first;
      detail.column = found->second.second;
    }
    errors.push_back(std::move(detail));
  }
}

Status Invalid(std::vector<ErrorDetail> errors) {
  return InvalidDocument("catalogue", std::move(errors));
}

}  // namespace

Result<Catalogue> ParseCatalogueYaml(std::string_view text, std::string_view file_name) {
  std::vector<ErrorDetail> errors;
  std::optional<FieldNode> root = ParseYamlFields(text, file_name, errors);
  if (!root) return Invalid(std::move(errors));
  const FieldNode* list = TopLevelList(*root, "indicators", "indicators", file_name, errors);
  std::vector<LocatedIndicator> located;
  std::map<std::string, int> first_line;  // id -> line of its first declaration
  for (std::size_t i = 0; list != nullptr && i < list->items.size(); ++i) {
    std::size_t errors_before = errors.size();
    LocatedIndicator entry = IndicatorFromFields(list->items[i], file_name, errors);
    const std::string& id = entry.indicator.id;
    auto [line, column] = entry.positions["id"];
    if (!id.empty()) {
      auto [first, inserted] = first_line.try_emplace(id, line);
      if (!inserted) {
        errors.push_back({std::string(file_name), line, column, "id",
                          "duplicate id '" + id + "' (first declared on line " +
                              std::to_string(first->second) + ")"});
      }
    }
    if (errors.size() == errors_before || !id.empty()) located.push_back(std::move(entry));
  }
  std::vector<Indicator> indicators;
  for (const LocatedIndicator& entry : located) indicators.push_back(entry.indicator);
  Catalogue catalogue(std::move(indicators));
  for (const LocatedIndicator& entry : located) {
    AddReferenceErrors(entry, catalogue, file_name, errors);
  }
  if (!errors.empty()) return Invalid(std::move(errors));
  return catalogue;
}

std::string RenderErrorsWithSource(const Status& status, std::string_view source_text) {
  std::vector<std::string_view> lines;
  for (std::size_t begin = 0; begin <= source_text.size();) {
    std::size_t end = source_text.find('\n', begin);
    if (end == std::string_view::npos) end = source_text.size();
    std::string_view line = source_text.substr(begin, end - begin);
    if (line.ends_with('\r')) line.remove_suffix(1);
    lines.push_back(line);
    begin = end + 1;
  }
  std::string out = status.message() + "\n";
  for (const ErrorDetail& detail : status.details()) {
    out += detail.ToString() + "\n";
    if (detail.line < 1 || static_cast<std::size_t>(detail.line) > lines.size()) continue;
    std::string_view line = lines[detail.line - 1];
    out += std::string(line) + "\n";
    if (detail.column < 1) continue;
    std::string caret;
    for (std::size_t i = 0; i + 1 < static_cast<std::size_t>(detail.column) && i < line.size(); ++i) {
      auto byte = static_cast<unsigned char>(line[i]);
      if ((byte & 0xC0) == 0x80) continue;  // UTF-8 continuation: same character
      caret += line[i] == '\t' ? '\t' : ' ';
    }
    out += caret + "^\n";
  }
  return out;
}

}  // namespace kpiwatch
