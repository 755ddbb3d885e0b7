// Typed, validated detector parameters.
//
// Each detector declares its parameters as ParamSpecs (name, type, default, range,
// description). Raw parameters arrive as text (from a rule's YAML, the CLI's
// --param key=value, or JSON) and are validated in one place, against the spec, with
// every error reported at once and "did you mean ...?" for misspelt names. The
// defaults are text parsed by the same code, so a default can never be invalid
// without a test noticing (see params_test).
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "detectors/core/period.h"
#include "detectors/core/status.h"

namespace kpiwatch {

enum class ParamType {
  kInt,             // whole number within [min, max]
  kDouble,          // real number within [min, max]
  kBool,            // true/false (also yes/no, on/off, 1/0)
  kChoice,          // one of `choices`
  kChoiceOrNumber,  // one of `choices`, or a number within [min, max] (e.g. a penalty)
  kPeriod,          // a period as Period::Parse accepts it ("2024-03"), or "none"
};

// "int", "double", "bool", "choice", "choice_or_number", "period".
const char* ParamTypeName(ParamType type);

struct ParamSpec {
  std::string name;
  ParamType type = ParamType::kDouble;
  std::string default_value;  // as text, parsed like user input
  double min = -std::numeric_limits<double>::infinity();  // inclusive
  double max = std::numeric_limits<double>::infinity();   // inclusive
  std::vector<std::string> choices;
  std::string description;  // one line, with the unit (e.g. "in robust standard deviations")

  // What is allowed, in words: "a number in [0, 1]", "one of mbic, bic, aic or a number > 0".
  std::string AllowedText() const;
};

using ParamValue = std::variant<bool, std::int64_t, double, std::string>;

// Validated parameter values: every declared parameter is present (given or default).
class ParamValues {
 public:
  // Accessors. Precondition: the parameter was declared with a matching type.
  double Double(const std::string& name) const;  // kDouble, kInt, or a numeric kChoiceOrNumber
  std::int64_t Int(const std::string& name) const;
  bool Bool(const std::string& name) const;
  // kChoice, or kChoiceOrNumber holding a choice; "" when it holds a number.
  std::string Choice(const std::string& name) const;
  // kChoiceOrNumber: the number when a number was given.
  std::optional<double> Number(const std::string& name) const;
  // kPeriod: the period, or nullopt for "none".
  std::optional<Period> PeriodValue(const std::string& name) const;

  void Set(const std::string& name, ParamValue value) { values_[name] = std::move(value); }
  const std::map<std::string, ParamValue>& values() const { return values_; }
  // name=value pairs in name order, for explanations and logs.
  std::string ToString() const;

 private:
  std::map<std::string, ParamValue> values_;
};

// Validates `raw` (name -> text) against `specs` for the detector named `owner`.
// Unknown names, unparsable values and out-of-range values are all reported, one
// ErrorDetail each (field = parameter name). Missing parameters take their defaults.
Result<ParamValues> ValidateParams(std::string_view owner, const std::vector<ParamSpec>& specs,
                                   const std::map<std::string, std::string>& raw);

// The candidate closest to `word` by edit distance, or "" when none is close
// (distance more than a third of the word's length, at least 2).
std::string ClosestName(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace kpiwatch
