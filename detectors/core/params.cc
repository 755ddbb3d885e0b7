#include "detectors/core/params.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

namespace kpiwatch {
namespace {

std::optional<double> ParseNumber(const std::string& text) {
  double value = 0.0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  auto [ptr, error] = std::from_chars(begin, end, value);
  if (error != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<bool> ParseBool(const std::string& text) {
  if (text == "true" || text == "yes" || text == "on" || text == "1") return true;
  if (text == "false" || text == "no" || text == "off" || text == "0") return false;
  return std::nullopt;
}

std::string FormatNumber(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

std::string JoinChoices(const std::vector<std::string>& choices) {
  std::string out;
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (i > 0) out += i + 1 == choices.size() ? " or " : ", ";
    out += choices[i];
  }
  return out;
}

std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// Parses one raw value against its spec; returns the reason on failure.
std::variant<ParamValue, std::string> ParseValue(const ParamSpec& spec, const std::string& text) {
  auto in_range = [&](double x) { return x >= spec.min && x <= spec.max; };
  switch (spec.type) {
    case ParamType::kBool:
      if (auto value = ParseBool(text)) return ParamValue{*value};
      break;
    case ParamType::kInt:
      if (auto value = ParseNumber(text); value && *value == std::floor(*value) && in_range(*value)) {
        return ParamValue{static_cast<std::int64_t>(*value)};
      }
      break;
    case ParamType::kDouble:
      if (auto value = ParseNumber(text); value && in_range(*value)) return ParamValue{*value};
      break;
    case ParamType::kChoice:
      if (std::find(spec.choices.begin(), spec.choices.end(), text) != spec.choices.end()) {
        return ParamValue{text};
      }
      break;
    case ParamType::kChoiceOrNumber:
      if (std::find(spec.choices.begin(), spec.choices.end(), text) != spec.choices.end()) {
        return ParamValue{text};
      }
      if (auto value = ParseNumber(text); value && in_range(*value)) return ParamValue{*value};
      break;
    case ParamType::kPeriod:
      if (text == "none" || Period::Parse(text).ok()) return ParamValue{text};
      break;
  }
  return "'" + text + "' is not " + spec.AllowedText();
}

}  // namespace

const char* ParamTypeName(ParamType type) {
  switch (type) {
    case ParamType::kInt: return "int";
    case ParamType::kDouble: return "double";
    case ParamType::kBool: return "bool";
    case ParamType::kChoice: return "choice";
    case ParamType::kChoiceOrNumber: return "choice_or_number";
    case ParamType::kPeriod: return "period";
  }
  return "unknown";
}

std::string ParamSpec::AllowedText() const {
  auto range = [&]() -> std::string {
    bool has_min = std::isfinite(min);
    bool has_max = std::isfinite(max);
    if (has_min && has_max) return " in [" + FormatNumber(min) + ", " + FormatNumber(max) + "]";
    if (has_min) return " >= " + FormatNumber(min);
    if (has_max) return " <= " + FormatNumber(max);
    return "";
  };
  switch (type) {
    case ParamType::kBool: return "true or false";
    case ParamType::kInt: return "a whole number" + range();
    case ParamType::kDouble: return "a number" + range();
    case ParamType::kChoice: return "one of " + JoinChoices(choices);
    case ParamType::kChoiceOrNumber:
      return "one of " + JoinChoices(choices) + ", or a number" + range();
    case ParamType::kPeriod: return "a period (2024, 2024-Q1, 2024-03, 2024-W12, 2024-03-31) or none";
  }
  return "";
}

double ParamValues::Double(const std::string& name) const {
  const ParamValue& value = values_.at(name);
  if (const auto* integer = std::get_if<std::int64_t>(&value)) return static_cast<double>(*integer);
  return std::get<double>(value);
}

std::int64_t ParamValues::Int(const std::string& name) const {
  return std::get<std::int64_t>(values_.at(name));
}

bool ParamValues::Bool(const std::string& name) const { return std::get<bool>(values_.at(name)); }

std::string ParamValues::Choice(const std::string& name) const {
  const ParamValue& value = values_.at(name);
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  return "";
}

std::optional<double> ParamValues::Number(const std::string& name) const {
  const ParamValue& value = values_.at(name);
  if (const auto* number = std::get_if<double>(&value)) return *number;
  if (const auto* integer = std::get_if<std::int64_t>(&value)) return static_cast<double>(*integer);
  return std::nullopt;
}

std::optional<Period> ParamValues::PeriodValue(const std::string& name) const {
  const std::string& text = std::get<std::string>(values_.at(name));
  if (text == "none") return std::nullopt;
  Result<Period> period = Period::Parse(text);
  if (!period.ok()) return std::nullopt;
  return *period;
}

std::string ParamValues::ToString() const {
  std::string out;
  for (const auto& [name, value] : values_) {
    if (!out.empty()) out += " ";
    out += name + "=";
    std::visit(
        [&](const auto& held) {
          using Held = std::decay_t<decltype(held)>;
          if constexpr (std::is_same_v<Held, bool>) {
            out += held ? "true" : "false";
          } else if constexpr (std::is_same_v<Held, std::string>) {
            out += held;
          } else {
            out += FormatNumber(static_cast<double>(held));
          }
        },
        value);
  }
  return out;
}

Result<ParamValues> ValidateParams(std::string_view owner, const std::vector<ParamSpec>& specs,
                                   const std::map<std::string, std::string>& raw) {
  std::vector<ErrorDetail> errors;
  std::vector<std::string> names;
  for (const ParamSpec& spec : specs) names.push_back(spec.name);
  for (const auto& [name, text] : raw) {
    if (std::find(names.begin(), names.end(), name) != names.end()) continue;
    std::string reason = "unknown parameter of detector '" + std::string(owner) + "'";
    if (std::string guess = ClosestName(name, names); !guess.empty()) {
      reason += " (did you mean '" + guess + "'?)";
    }
    if (!names.empty()) reason += "; parameters: " + JoinChoices(names);
    errors.push_back({.field = name, .reason = reason});
  }
  ParamValues values;
  for (const ParamSpec& spec : specs) {
    auto given = raw.find(spec.name);
    const std::string& text = given == raw.end() ? spec.default_value : given->second;
    auto parsed = ParseValue(spec, text);
    if (const auto* reason = std::get_if<std::string>(&parsed)) {
      errors.push_back({.field = spec.name, .reason = *reason});
    } else {
      values.Set(spec.name, std::get<ParamValue>(parsed));
    }
  }
  if (!errors.empty()) {
    return Status::InvalidArgument("invalid parameters for detector '" + std::string(owner) + "'",
                                   std::move(errors));
  }
  return values;
}

std::string ClosestName(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const std::string& candidate : candidates) {
    std::size_t distance = EditDistance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

}  // namespace kpiwatch
