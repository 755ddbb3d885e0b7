#include "rules/formats/indicator_fields.h"

#include <algorithm>
#include <cmath>


namespace kpiwatch {
namespace {

using Kind = FieldNode::Kind;

// The shared reader, plus the indicator being built.
class IndicatorReader : public FieldReader {
 public:
  IndicatorReader(std::string_view file_name, std::vector<ErrorDetail>& errors, LocatedIndicator& out)
      : FieldReader(file_name, errors, &out.positions), indicator_(out.indicator) {}
  Indicator& indicator() { return indicator_; }

 private:
  Indicator& indicator_;
};

// Fields whose checks need other fields (cadence, direction): read after the others.
struct Deferred {
  const FieldNode* target = nullptr;
  const FieldNode* definition_version = nullptr;
  const FieldNode* definition_changes = nullptr;
};

const std::vector<std::string>& IndicatorFieldNames() {
  static const std::vector<std::string> names = {
      "id",          "name",           "definition",        "unit",
      "direction",   "cadence",        "target",            "owner_team",
      "layer",       "numerator",      "denominator",       "counter_indicators",
      "proxy_for",   "source",         "definition_version", "definition_changes",
      "labels",      "owner_group"};
  return names;
}

void ReadField(IndicatorReader& reader, const std::string& key, const FieldNode& value,
               Deferred& deferred) {
  Indicator& indicator = reader.indicator();
  auto set_text = [&](std::string& out) {
    if (auto text = reader.Text(value, key)) out = *text;
  };
  if (key == "id") {
    if (auto id = reader.Text(value, key)) {
      if (auto reason = InvalidIndicatorIdReason(*id)) reader.Fail(value, key, "id " + *reason);
      indicator.id = *id;
    }
  } else if (key == "name" || key == "definition") {
    if (auto text = reader.NonEmptyText(value, key)) {
      (key == "name" ? indicator.name : indicator.definition) = *text;
    }
  } else if (key == "unit") {
    if (auto unit = reader.Choice(value, key, ParseUnitKind)) indicator.unit = *unit;
  } else if (key == "direction") {
    if (auto direction = reader.Choice(value, key, ParseDirection)) indicator.direction = *direction;
  } else if (key == "cadence") {
    if (auto cadence = reader.Choice(value, key, ParseCadence)) indicator.cadence = *cadence;
  } else if (key == "layer") {
    if (auto layer = reader.Choice(value, key, ParseLayer)) indicator.layer = *layer;
  } else if (key == "owner_team") {
    set_text(indicator.owner_team);
  } else if (key == "numerator") {
    set_text(indicator.numerator);
  } else if (key == "denominator") {
    set_text(indicator.denominator);
  } else if (key == "proxy_for") {
    set_text(indicator.proxy_for);
  } else if (key == "source") {
    set_text(indicator.source);
  } else if (key == "owner_group") {
    set_text(indicator.owner_group);
  } else if (key == "counter_indicators") {
    indicator.counter_indicators = reader.TextList(value, key);
  } else if (key == "labels") {
    indicator.labels = reader.TextList(value, key);
  } else if (key == "target") {
    deferred.target = &value;
  } else if (key == "definition_version") {
    deferred.definition_version = &value;
  } else if (key == "definition_changes") {
    deferred.definition_changes = &value;
  }
}

void ReadTarget(IndicatorReader& reader, const FieldNode& node) {
  reader.Remember(node, "target");
  if (node.kind != Kind::kMap) {
    reader.Fail(node, "target", "must be a map with value, comparator and valid_from");
    return;
  }
  Indicator& indicator = reader.indicator();
  Target target;
  // Default comparator follows the direction: at_least when higher is better.
  target.comparator = indicator.direction == Direction::kHigherIsBetter ? Comparator::kAtLeast
                                                                        : Comparator::kAtMost;
  bool has_value = false;
  for (const auto& [key, value] : node.entries) {
    if (value.kind == Kind::kNull) continue;
    std::string field = "target." + key;
    if (key == "value") {
      has_value = true;
      if (auto number = reader.Number(value, field)) target.value = *number;
    } else if (key == "comparator") {
      if (auto comparator = reader.Choice(value, field, ParseComparator)) target.comparator = *comparator;
    } else if (key == "valid_from") {
      target.valid_from = reader.PeriodOf(value, field, indicator.cadence);
    } else {
      reader.Unknown(node, key, value, {"value", "comparator", "valid_from"}, "target.");
    }
  }
  if (!has_value) reader.Fail(node, "target.value", "missing required field");
  indicator.target = target;
}

void ReadDefinitionHistory(IndicatorReader& reader, const Deferred& deferred, const FieldNode& map) {
  Indicator& indicator = reader.indicator();
  if (deferred.definition_version != nullptr) {
    const FieldNode& node = *deferred.definition_version;
    auto number = reader.Number(node, "definition_version");
    if (number && (*number != std::floor(*number) || *number < 1 || *number > 1e6)) {
      reader.Fail(node, "definition_version", "must be a whole number >= 1");
    } else if (number) {
      indicator.definition_version = static_cast<int>(*number);
    }
  }
  const FieldNode* changes = deferred.definition_changes;
  if (changes != nullptr && reader.IsList(*changes, "definition_changes")) {
    for (std::size_t i = 0; i < changes->items.size(); ++i) {
      std::string field = "definition_changes[" + std::to_string(i) + "]";
      auto period = reader.PeriodOf(changes->items[i], field, indicator.cadence);
      if (!period) continue;
      if (!indicator.definition_changes.empty() && *period <= indicator.definition_changes.back()) {
        reader.Fail(changes->items[i], field, "periods must be in time order");
      }
      indicator.definition_changes.push_back(*period);
    }
  }
  std::size_t expected = static_cast<std::size_t>(indicator.definition_version - 1);
  std::size_t found = changes != nullptr ? changes->items.size() : 0;
  if (found != expected) {
    const FieldNode& at = changes != nullptr             ? *changes
                          : deferred.definition_version ? *deferred.definition_version
                                                        : map;
    reader.Fail(at, "definition_changes",
                "definition_version " + std::to_string(indicator.definition_version) + " needs " +
                    std::to_string(expected) +
                    " definition_changes (the first period of each later version), found " +
                    std::to_string(found));
  }
}

}  // namespace

LocatedIndicator IndicatorFromFields(const FieldNode& node, std::string_view file_name,
                                     std::vector<ErrorDetail>& errors) {
  LocatedIndicator out;
  IndicatorReader reader(file_name, errors, out);
  if (node.kind != Kind::kMap) {
    reader.Fail(node, "", "an indicator must be a map of fields (id, name, definition, ...)");
    return out;
  }
  Deferred deferred;
  std::vector<std::string> present;
  const std::vector<std::string>& known = IndicatorFieldNames();
  for (const auto& [key, value] : node.entries) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      reader.Unknown(node, key, value, known, "");
      continue;
    }
    if (value.kind == Kind::kNull) continue;  // absent
    present.push_back(key);
    ReadField(reader, key, value, deferred);
  }
  for (const char* required : {"id", "name", "definition"}) {
    if (std::find(present.begin(), present.end(), required) == present.end()) {
      reader.Fail(node, required, "missing required field");
    }
  }
  if (deferred.target != nullptr) ReadTarget(reader, *deferred.target);
  ReadDefinitionHistory(reader, deferred, node);
  return out;
}

}  // namespace kpiwatch
