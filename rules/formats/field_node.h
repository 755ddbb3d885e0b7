// A format-neutral document tree, and a reader of typed fields that reports every bad one.
//
// YAML files (catalogue, rules) and JSON bodies (indicators, alerts, silences) are first
// turned into a FieldNode tree: YAML keeps positions, JSON keeps types. FieldReader then
// reads typed values out of the nodes; every problem becomes an ErrorDetail at the node's
// position with the field's name, so a parser can report all errors of a file at once and
// the rule for a kind of value ("must be a string", "did you mean") is written once.
#pragma once

#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "detectors/core/period.h"
#include "detectors/core/status.h"

namespace kpiwatch {

// A document node.
struct FieldNode {
  enum class Kind {
    kNull,    // absent value: JSON null, YAML ~ or empty
    kScalar,  // untyped YAML scalar: may be read as text or as a number
    kText,    // JSON string
    kNumber,  // JSON number
    kBool,    // JSON true/false
    kList,
    kMap,
  };
  Kind kind = Kind::kNull;
  std::string text;              // kScalar, kText; kNumber and kBool as written
  double number = 0.0;           // kNumber
  std::vector<FieldNode> items;  // kList
  std::vector<std::pair<std::string, FieldNode>> entries;  // kMap, in document order
  int line = 0;  // 1-based position of the value; 0 when unknown (JSON)
  int column = 0;
  int key_line = 0;  // kMap entries: position of the key (for "unknown field")
  int key_column = 0;

  // Declared here, defaulted in field_node.cc: `entries` holds pairs of this (still
  // incomplete) type, which clang only accepts when these are not defined inline.
  FieldNode();
  FieldNode(const FieldNode&);
  FieldNode(FieldNode&&) noexcept;
  FieldNode& operator=(const FieldNode&);
  FieldNode& operator=(FieldNode&&) noexcept;
  ~FieldNode();

  // kMap: the value of the first entry named `key` that is not null; nullptr otherwise.
  const FieldNode* Find(std::string_view key) const;
};

// The tree of a JSON value (no positions; numbers keep their text for exact integers).
FieldNode JsonToFieldNode(const boost::json::value& json);

// `text` as a whole number in [min, max] (no sign other than '-', no spaces), or nullopt.
std::optional<std::int64_t> ParseWholeNumber(std::string_view text, std::int64_t min,
                                             std::int64_t max);

// How an error message starts for a bad value: "'x' is not" for a YAML scalar or a JSON
// number, else "must be" (a list, map or JSON string is of the wrong kind altogether).
std::string GivenValue(const FieldNode& node);

// A JSON array of the strings (the writing side of TextList).
boost::json::array StringsToJson(const std::vector<std::string>& texts);

// Field name -> {line, column}, for errors found after reading (e.g. references).
using FieldPositions = std::map<std::string, std::pair<int, int>>;

// Reads typed values; each accessor returns nullopt (and adds an error at the node, with
// `field` and file `file_name`) when the node does not hold the wanted kind of value.
class FieldReader {
 public:
  // `positions` (may be null) collects the position of every field read.
  FieldReader(std::string_view file_name, std::vector<ErrorDetail>& errors,
              FieldPositions* positions = nullptr)
      : file_name_(file_name), errors_(errors), positions_(positions) {}

  void Fail(const FieldNode& node, const std::string& field, std::string reason);
  void Remember(const FieldNode& node, const std::string& field);
  std::size_t error_count() const { return errors_.size(); }
  std::string_view file_name() const { return file_name_; }

  // A YAML scalar or a JSON string.
  std::optional<std::string> Text(const FieldNode& node, const std::string& field);
  // A string that must not be empty.
  std::optional<std::string> NonEmptyText(const FieldNode& node, const std::string& field);
  // A YAML scalar that parses as a finite number, or a JSON number.
  std::optional<double> Number(const FieldNode& node, const std::string& field);
  // Like Number, but null reads as NaN (JSON writes NaN as null).
  std::optional<double> NumberOrNan(const FieldNode& node, const std::string& field);
  // A whole number in [min, max]; the error says "'x' is not a whole number in [min, max]"
  // (or ">= min" when max is INT_MAX or more).
  std::optional<std::int64_t> WholeNumber(const FieldNode& node, const std::string& field,
                                          std::int64_t min, std::int64_t max);
  // A non-negative whole number up to 2^64 - 1, read exactly (ids).
  std::optional<std::uint64_t> Unsigned(const FieldNode& node, const std::string& field);
  // Parses an enum value with its Parse* function (whose error lists the allowed values).
  template <typename Enum>
  std::optional<Enum> Choice(const FieldNode& node, const std::string& field,
                             Result<Enum> (*parse)(std::string_view)) {
    std::optional<std::string> text = Text(node, field);
    if (!text) return std::nullopt;
    Result<Enum> value = parse(*text);
    if (value.ok()) return *value;
    Fail(node, field, value.status().message());
    return std::nullopt;
  }
  // A list of non-empty strings ("field[i]" names a bad item).
  std::vector<std::string> TextList(const FieldNode& node, const std::string& field);
  bool IsList(const FieldNode& node, const std::string& field);
  // Whether the node is a map; the error is `what` (e.g. "must be a map with q and scope").
  bool IsMap(const FieldNode& node, const std::string& field, const std::string& what);
  std::optional<Period> PeriodOf(const FieldNode& node, const std::string& field, Cadence cadence);
  // "unknown field" at the key (field = prefix + key), with "did you mean" from `known`.
  void Unknown(const FieldNode& map, const std::string& key, const FieldNode& value,
               const std::vector<std::string>& known, const std::string& prefix);
  // Unknown() for every key of `map` not in `known`; true when there was none.
  bool CheckKeys(const FieldNode& map, const std::vector<std::string>& known,
                 const std::string& prefix);

 private:
  std::string_view file_name_;
  std::vector<ErrorDetail>& errors_;
  FieldPositions* positions_;
};

// Reads the entries of one map node (a JSON object) into existing values: an absent entry
// leaves its value as it is; a null entry leaves it too, except for numbers, where null
// reads as NaN (JSON writes NaN as null). Errors name the field as prefix + key.
class MapFields {
 public:
  MapFields(FieldReader& reader, const FieldNode& map, std::string prefix = "")
      : reader_(reader), map_(map), prefix_(std::move(prefix)) {}

  // The entry named `key`, null or not; nullptr when absent.
  const FieldNode* Entry(std::string_view key) const;
  std::string Field(std::string_view key) const { return prefix_ + std::string(key); }
  FieldReader& reader() { return reader_; }

  void Text(std::string_view key, std::string& out);
  void Number(std::string_view key, double& out);
  void OptionalNumber(std::string_view key, std::optional<double>& out);  // null: nullopt
  void Unsigned(std::string_view key, std::uint64_t& out);
  void Index(std::string_view key, std::size_t& out);
  void Int(std::string_view key, int& out, int min, int max);
  void TextList(std::string_view key, std::vector<std::string>& out);
  // "2026-11-23T17:49:28Z" (rules/formats/timestamp.h).
  void Time(std::string_view key, std::chrono::sys_seconds& out);
  template <typename Enum>
  void Choice(std::string_view key, Enum& out, Result<Enum> (*parse)(std::string_view)) {
    if (const FieldNode* node = map_.Find(key)) {
      if (auto value = reader_.Choice(*node, Field(key), parse)) out = *value;
    }
  }

 private:
  FieldReader& reader_;
  const FieldNode& map_;
  std::string prefix_;
};

}  // namespace kpiwatch
