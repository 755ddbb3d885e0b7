#include "rules/formats/yaml_fields.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <string>
#include <tuple>

#include "rules/formats/utf8.h"

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
    case YAML::NodeType::Null:
      node.kind = FieldNode::Kind::kNull;
      break;
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

}  // namespace

std::optional<FieldNode> ParseYamlFields(std::string_view text, std::string_view file_name,
                                         std::vector<ErrorDetail>& errors) {
  std::optional<ErrorDetail> invalid = InvalidUtf8Error(text, file_name);
  if (!invalid) invalid = ControlCharacterError(text, file_name);
  if (invalid) {
    errors.push_back(std::move(*invalid));
    return std::nullopt;
  }
  try {
    return ToFieldNode(YAML::Load(std::string(text)));
  } catch (const YAML::Exception& error) {
    ErrorDetail detail{std::string(file_name), 0, 0, "", error.msg};
    SetPosition(error.mark, detail.line, detail.column);
    errors.push_back(std::move(detail));
    return std::nullopt;
  }
}

const FieldNode* TopLevelList(const FieldNode& root, std::string_view key,
                              std::string_view what_items, std::string_view file_name,
                              std::vector<ErrorDetail>& errors) {
  const std::string name(key);
  const FieldNode* list = nullptr;
  if (root.kind != FieldNode::Kind::kMap) {
    errors.push_back({std::string(file_name), root.line, root.column, "",
                      "expected a map with the key '" + name + ":'"});
    return nullptr;
  }
  for (const auto& [entry_key, value] : root.entries) {
    if (entry_key == key) {
      list = &value;
    } else {
      errors.push_back({std::string(file_name), value.key_line, value.key_column, entry_key,
                        "unknown top-level key (expected '" + name + "')"});
    }
  }
  if (list == nullptr) {
    errors.push_back(
        {std::string(file_name), root.line, root.column, name, "missing required key"});
  } else if (list->kind != FieldNode::Kind::kList) {
    errors.push_back({std::string(file_name), list->line, list->column, name,
                      "must be a list of " + std::string(what_items)});
    list = nullptr;
  }
  return list;
}

Status InvalidDocument(std::string_view what, std::vector<ErrorDetail> errors) {
  std::stable_sort(errors.begin(), errors.end(), [](const ErrorDetail& a, const ErrorDetail& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  });
  std::size_t count = errors.size();
  return Status::InvalidArgument("invalid " + std::string(what) + ": " + std::to_string(count) +
                                     (count == 1 ? " error" : " errors"),
                                 std::move(errors));
}

}  // namespace kpiwatch
