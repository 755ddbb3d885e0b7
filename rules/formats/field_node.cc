#include "rules/formats/field_node.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "detectors/core/params.h"
#include "rules/formats/csv_reader.h"
#include "rules/formats/timestamp.h"

namespace kpiwatch {

FieldNode::FieldNode() = default;
FieldNode::FieldNode(const FieldNode&) = default;
FieldNode::FieldNode(FieldNode&&) noexcept = default;
FieldNode& FieldNode::operator=(const FieldNode&) = default;
FieldNode& FieldNode::operator=(FieldNode&&) noexcept = default;
FieldNode::~FieldNode() = default;

using Kind = FieldNode::Kind;

const FieldNode* FieldNode::Find(std::string_view key) const {
  for (const auto& [name, value] : entries) {
    if (name == key) return value.kind == Kind::kNull ? nullptr : &value;
  }
  return nullptr;
}

FieldNode JsonToFieldNode(const boost::json::value& json) {
  FieldNode node;
  switch (json.kind()) {
    case boost::json::kind::null:
      node.kind = Kind::kNull;
      break;
    case boost::json::kind::bool_:
      node.kind = Kind::kBool;
      node.text = json.get_bool() ? "true" : "false";
      break;
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_:
      node.kind = Kind::kNumber;
      node.number = json.to_number<double>();
      node.text = boost::json::serialize(json);
      break;
    case boost::json::kind::string:
      node.kind = Kind::kText;
      node.text = std::string(json.get_string());
      break;
    case boost::json::kind::array:
      node.kind = Kind::kList;
      for (const boost::json::value& item : json.get_array())
        node.items.push_back(JsonToFieldNode(item));
      break;
    case boost::json::kind::object:
      node.kind = Kind::kMap;
      for (const auto& [key, value] : json.get_object()) {
        node.entries.emplace_back(std::string(key), JsonToFieldNode(value));
      }
      break;
  }
  return node;
}

std::optional<std::int64_t> ParseWholeNumber(std::string_view text, std::int64_t min,
                                             std::int64_t max) {
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || ptr != end || value < min || value > max) return std::nullopt;
  return value;
}

std::string GivenValue(const FieldNode& node) {
  bool quotable = node.kind == Kind::kScalar || node.kind == Kind::kNumber;
  return quotable ? "'" + node.text + "' is not" : "must be";
}

boost::json::array StringsToJson(const std::vector<std::string>& texts) {
  boost::json::array out;
  for (const std::string& text : texts) out.emplace_back(text);
  return out;
}

void FieldReader::Fail(const FieldNode& node, const std::string& field, std::string reason) {
  errors_.push_back({std::string(file_name_), node.line, node.column, field, std::move(reason)});
}

void FieldReader::Remember(const FieldNode& node, const std::string& field) {
  if (positions_ != nullptr) (*positions_)[field] = {node.line, node.column};
}

std::optional<std::string> FieldReader::Text(const FieldNode& node, const std::string& field) {
  Remember(node, field);
  if (node.kind == Kind::kScalar || node.kind == Kind::kText) return node.text;
  Fail(node, field, "must be a string");
  return std::nullopt;
}

std::optional<std::string> FieldReader::NonEmptyText(const FieldNode& node,
                                                     const std::string& field) {
  std::optional<std::string> text = Text(node, field);
  if (text && text->empty()) {
    Fail(node, field, "must not be empty");
    return std::nullopt;
  }
  return text;
}

std::optional<double> FieldReader::Number(const FieldNode& node, const std::string& field) {
  Remember(node, field);
  if (node.kind == Kind::kNumber) return node.number;
  if (node.kind == Kind::kScalar) {
    Result<double> number = ParseDecimal(node.text, false);
    if (number.ok()) return *number;
    Fail(node, field, number.status().message());
    return std::nullopt;
  }
  Fail(node, field, "must be a number");
  return std::nullopt;
}

std::optional<double> FieldReader::NumberOrNan(const FieldNode& node, const std::string& field) {
  if (node.kind == Kind::kNull) return std::numeric_limits<double>::quiet_NaN();
  return Number(node, field);
}

std::optional<std::int64_t> FieldReader::WholeNumber(const FieldNode& node,
                                                     const std::string& field, std::int64_t min,
                                                     std::int64_t max) {
  Remember(node, field);
  if (node.kind == Kind::kScalar || node.kind == Kind::kNumber) {
    if (auto value = ParseWholeNumber(node.text, min, max)) return value;
  }
  std::string range = max >= std::numeric_limits<int>::max()
                          ? " >= " + std::to_string(min)
                          : " in [" + std::to_string(min) + ", " + std::to_string(max) + "]";
  Fail(node, field, GivenValue(node) + " a whole number" + range);
  return std::nullopt;
}

std::optional<std::uint64_t> FieldReader::Unsigned(const FieldNode& node,
                                                   const std::string& field) {
  Remember(node, field);
  std::uint64_t value = 0;
  if (node.kind == Kind::kScalar || node.kind == Kind::kNumber) {
    const char* end = node.text.data() + node.text.size();
    auto [ptr, error] = std::from_chars(node.text.data(), end, value);
    if (error == std::errc() && ptr == end) return value;
  }
  Fail(node, field, "must be a whole number >= 0");
  return std::nullopt;
}

std::vector<std::string> FieldReader::TextList(const FieldNode& node, const std::string& field) {
  std::vector<std::string> out;
  if (!IsList(node, field)) return out;
  for (std::size_t i = 0; i < node.items.size(); ++i) {
    if (auto text = NonEmptyText(node.items[i], field + "[" + std::to_string(i) + "]")) {
      out.push_back(*text);
    }
  }
  return out;
}

bool FieldReader::IsList(const FieldNode& node, const std::string& field) {
  Remember(node, field);
  if (node.kind == Kind::kList) return true;
  Fail(node, field, "must be a list");
  return false;
}

bool FieldReader::IsMap(const FieldNode& node, const std::string& field, const std::string& what) {
  Remember(node, field);
  if (node.kind == Kind::kMap) return true;
  Fail(node, field, what);
  return false;
}

std::optional<Period> FieldReader::PeriodOf(const FieldNode& node, const std::string& field,
                                            Cadence cadence) {
  std::optional<std::string> text = Text(node, field);
  if (!text) return std::nullopt;
  Result<Period> period = Period::Parse(*text, cadence);
  if (period.ok()) return *period;
  Fail(node, field, period.status().message());
  return std::nullopt;
}

void FieldReader::Unknown(const FieldNode& map, const std::string& key, const FieldNode& value,
                          const std::vector<std::string>& known, const std::string& prefix) {
  std::string reason = "unknown field";
  if (std::string guess = ClosestName(key, known); !guess.empty()) {
    reason += " (did you mean '" + guess + "'?)";
  }
  FieldNode at;
  at.line = value.key_line != 0 ? value.key_line : map.line;
  at.column = value.key_line != 0 ? value.key_column : map.column;
  Fail(at, prefix + key, std::move(reason));
}

bool FieldReader::CheckKeys(const FieldNode& map, const std::vector<std::string>& known,
                            const std::string& prefix) {
  bool all_known = true;
  for (const auto& [key, value] : map.entries) {
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    Unknown(map, key, value, known, prefix);
    all_known = false;
  }
  return all_known;
}

const FieldNode* MapFields::Entry(std::string_view key) const {
  for (const auto& [name, value] : map_.entries) {
    if (name == key) return &value;
  }
  return nullptr;
}

void MapFields::Text(std::string_view key, std::string& out) {
  if (const FieldNode* node = map_.Find(key)) {
    if (auto text = reader_.Text(*node, Field(key))) out = *text;
  }
}

void MapFields::Number(std::string_view key, double& out) {
  if (const FieldNode* node = Entry(key)) {
    if (auto number = reader_.NumberOrNan(*node, Field(key))) out = *number;
  }
}

void MapFields::OptionalNumber(std::string_view key, std::optional<double>& out) {
  const FieldNode* node = Entry(key);
  if (node == nullptr) return;
  if (node->kind == Kind::kNull) {
    out.reset();
  } else if (auto number = reader_.Number(*node, Field(key))) {
    out = *number;
  }
}

void MapFields::Unsigned(std::string_view key, std::uint64_t& out) {
  if (const FieldNode* node = map_.Find(key)) {
    if (auto number = reader_.Unsigned(*node, Field(key))) out = *number;
  }
}

void MapFields::Index(std::string_view key, std::size_t& out) {
  std::uint64_t value = out;
  Unsigned(key, value);
  out = static_cast<std::size_t>(value);
}

void MapFields::Int(std::string_view key, int& out, int min, int max) {
  if (const FieldNode* node = map_.Find(key)) {
    if (auto number = reader_.WholeNumber(*node, Field(key), min, max))
      out = static_cast<int>(*number);
  }
}

void MapFields::TextList(std::string_view key, std::vector<std::string>& out) {
  const FieldNode* node = map_.Find(key);
  if (node == nullptr || !reader_.IsList(*node, Field(key))) return;
  out.clear();
  for (std::size_t i = 0; i < node->items.size(); ++i) {
    if (auto text = reader_.Text(node->items[i], Field(key) + "[" + std::to_string(i) + "]")) {
      out.push_back(*text);
    }
  }
}

void MapFields::Time(std::string_view key, std::chrono::sys_seconds& out) {
  const FieldNode* node = map_.Find(key);
  if (node == nullptr) return;
  std::optional<std::string> text = reader_.Text(*node, Field(key));
  if (!text) return;
  Result<std::chrono::sys_seconds> time = ParseTimestamp(*text);
  if (time.ok()) {
    out = *time;
  } else {
    reader_.Fail(*node, Field(key), time.status().message());
  }
}

}  // namespace kpiwatch
