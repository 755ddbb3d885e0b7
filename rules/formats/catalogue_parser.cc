#include "rules/formats/catalogue_parser.h"

#include <yaml-cpp/yaml.h>

#include <map>

#include "rules/formats/indicator_fields.h"
#include "rules/formats/indicator_json.h"

namespace kpiwatch {
namespace {

// yaml-cpp marks are 0-based; ours are 1-based.
void SetPosition(const YAML::Mark& mark, int& line, int& column) {
  if (mark.line < 0) return;
  line = mark.line + 1;
  column = mark.column + 1;
}

FieldNode ToFieldNode(const YAML::Node& yaml) {
  FieldNode node;
  SetPosition(yaml.Mark(), node.line, node.column);
  switch (yaml.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null: node.kind = FieldNode::Kind::kNull; break;
    case YAML::NodeType::Scalar:
      node.kind = FieldNode::Kind::kScalar;
      node.text = yaml.Scalar();
      break;
    case YAML::NodeType::Sequence:
      node.kind = FieldNode::Kind::kList;
      for (const YAML::Node& item : yaml) node.items.push_back(ToFieldNode(item));
      break;
    case YAML::NodeType::Map:
      node.kind = FieldNode::Kind::kMap;
      for (const auto& entry : yaml) {
        FieldNode value = ToFieldNode(entry.second);
        SetPosition(entry.first.Mark(), value.key_line, value.key_column);
        if (value.kind == FieldNode::Kind::kNull && value.line == 0) {
          value.line = value.key_line;  // "key:" with no value: point at the key
          value.column = value.key_column;
        }
        node.entries.emplace_back(entry.first.Scalar(), std::move(value));
      }
      break;
  }
  return node;
}

// The `indicators:` list of the document, or nullptr with an error.
const FieldNode* IndicatorList(const FieldNode& root, std::string_view file_name,
                               std::vector<ErrorDetail>& errors) {
  const FieldNode* list = nullptr;
  if (root.kind != FieldNode::Kind::kMap) {
    errors.push_back({std::string(file_name), root.line, root.column, "",
                      "expected a map with the key 'indicators:'"});
    return nullptr;
  }
  for (const auto& [key, value] : root.entries) {
    if (key == "indicators") {
      list = &value;
    } else {
      errors.push_back({std::string(file_name), value.key_line, value.key_column, key,
                        "unknown top-level key (expected 'indicators')"});
    }
  }
  if (list == nullptr) {
    errors.push_back({std::string(file_name), root.line, root.column, "indicators",
                      "missing required key"});
  } else if (list->kind != FieldNode::Kind::kList) {
    errors.push_back({std::string(file_name), list->line, list->column, "indicators",
                      "must be a list of indicators"});
    list = nullptr;
  }
  return list;
}

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
  std::stable_sort(errors.begin(), errors.end(), [](const ErrorDetail& a, const ErrorDetail& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  });
  std::size_t count = errors.size();
  return Status::InvalidArgument(
      "invalid catalogue: " + std::to_string(count) + (count == 1 ? " error" : " errors"),
      std::move(errors));
}

}  // namespace

Result<Catalogue> ParseCatalogueYaml(std::string_view text, std::string_view file_name) {
  FieldNode root;
  try {
    root = ToFieldNode(YAML::Load(std::string(text)));
  } catch (const YAML::Exception& error) {
    ErrorDetail detail{std::string(file_name), 0, 0, "", error.msg};
    SetPosition(error.mark, detail.line, detail.column);
    return Invalid({std::move(detail)});
  }
  std::vector<ErrorDetail> errors;
  const FieldNode* list = IndicatorList(root, file_name, errors);
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
