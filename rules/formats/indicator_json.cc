#include "rules/formats/indicator_json.h"

#include "detectors/core/params.h"
#include "rules/formats/indicator_fields.h"

namespace kpiwatch {
namespace {

void CheckReference(const Indicator& indicator, const Catalogue& catalogue,
                    const std::string& field, const std::string& id,
                    const std::vector<std::string>& known, std::vector<ErrorDetail>& errors) {
  if (id.empty()) return;
  if (id == indicator.id) {
    errors.push_back({"", 0, 0, field, "an indicator cannot refer to itself"});
    return;
  }
  if (catalogue.Find(id) != nullptr) return;
  std::string reason = "refers to indicator '" + id + "', which is not declared";
  if (std::string guess = ClosestName(id, known); !guess.empty()) {
    reason += "; did you mean '" + guess + "'?";
  }
  errors.push_back({"", 0, 0, field, std::move(reason)});
}

}  // namespace

boost::json::object IndicatorToJson(const Indicator& indicator) {
  boost::json::object json = {{"id", indicator.id},
                              {"name", indicator.name},
                              {"definition", indicator.definition},
                              {"unit", UnitKindName(indicator.unit)},
                              {"direction", DirectionName(indicator.direction)},
                              {"cadence", CadenceName(indicator.cadence)}};
  if (indicator.target) {
    boost::json::object target = {{"value", indicator.target->value},
                                  {"comparator", ComparatorName(indicator.target->comparator)}};
    if (indicator.target->valid_from) target["valid_from"] = indicator.target->valid_from->ToString();
    json["target"] = std::move(target);
  }
  json["owner_team"] = indicator.owner_team;
  if (indicator.layer) json["layer"] = LayerName(*indicator.layer);
  json["numerator"] = indicator.numerator;
  json["denominator"] = indicator.denominator;
  json["counter_indicators"] = StringsToJson(indicator.counter_indicators);
  json["proxy_for"] = indicator.proxy_for;
  json["source"] = indicator.source;
  json["definition_version"] = indicator.definition_version;
  boost::json::array changes;
  for (const Period& period : indicator.definition_changes) changes.emplace_back(period.ToString());
  json["definition_changes"] = std::move(changes);
  json["labels"] = StringsToJson(indicator.labels);
  json["owner_group"] = indicator.owner_group;
  return json;
}

Result<Indicator> IndicatorFromJson(const boost::json::value& json, std::string_view id_from_path) {
  if (!json.is_object()) {
    return Status::InvalidArgument("invalid indicator",
                                   {{"", 0, 0, "", "expected a JSON object with the indicator's fields"}});
  }
  FieldNode node = JsonToFieldNode(json);
  bool body_has_id = json.get_object().contains("id") && !json.at("id").is_null();
  if (!body_has_id && !id_from_path.empty()) {
    FieldNode id;
    id.kind = FieldNode::Kind::kText;
    id.text = std::string(id_from_path);
    node.entries.emplace_back("id", std::move(id));
  }
  std::vector<ErrorDetail> errors;
  LocatedIndicator located = IndicatorFromFields(node, "", errors);
  if (body_has_id && !id_from_path.empty() && located.indicator.id != id_from_path &&
      json.at("id").is_string()) {
    errors.push_back({"", 0, 0, "id",
                      "id '" + located.indicator.id + "' in the body does not match '" +
                          std::string(id_from_path) + "' in the path"});
  }
  if (!errors.empty()) return Status::InvalidArgument("invalid indicator", std::move(errors));
  return located.indicator;
}

Status ValidateIndicatorReferences(const Indicator& indicator, const Catalogue& catalogue) {
  std::vector<std::string> known;
  for (const auto& [id, entry] : catalogue.indicators()) known.push_back(id);
  std::vector<ErrorDetail> errors;
  CheckReference(indicator, catalogue, "numerator", indicator.numerator, known, errors);
  CheckReference(indicator, catalogue, "denominator", indicator.denominator, known, errors);
  CheckReference(indicator, catalogue, "proxy_for", indicator.proxy_for, known, errors);
  for (std::size_t i = 0; i < indicator.counter_indicators.size(); ++i) {
    CheckReference(indicator, catalogue, "counter_indicators[" + std::to_string(i) + "]",
                   indicator.counter_indicators[i], known, errors);
  }
  if (errors.empty()) return Status::Ok();
  return Status::InvalidArgument("indicator '" + indicator.id + "' has bad references",
                                 std::move(errors));
}

}  // namespace kpiwatch
