#include "rules/simulation/truth_json.h"

#include <boost/json.hpp>

#include <cstdio>

#include "rules/formats/timestamp.h"

namespace kpiwatch::simulation {
namespace json = boost::json;
namespace {

json::object EffectJson(const InjectedEffect& effect) {
  json::object entry;
  entry["effect"] = effect.effect;
  entry["detector"] = effect.detector;
  json::array others;
  for (const std::string& name : effect.other_detectors) others.emplace_back(name);
  entry["other_detectors"] = std::move(others);
  entry["indicator"] = effect.indicator;
  entry["unit"] = effect.unit;
  if (effect.begin == effect.end) {
    entry["period"] = effect.begin.ToString();
  } else {
    entry["window"] = {{"begin", effect.begin.ToString()}, {"end", effect.end.ToString()}};
  }
  entry["description"] = effect.description;
  return entry;
}

// One element per line, so a diff of two truth files is readable.
std::string ArrayLines(const json::array& items) {
  std::string text = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    text += (i == 0 ? "\n    " : ",\n    ") + json::serialize(items[i]);
  }
  return text + (items.empty() ? "]" : "\n  ]");
}

Result<std::string> Text(const json::object& object, const char* key, const std::string& where) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr || !value->is_string()) {
    return Status::InvalidArgument(where + key + ": expected a string");
  }
  return std::string(value->as_string());
}

Result<Period> PeriodField(const json::object& object, const char* key,
                           const std::string& where) {
  Result<std::string> text = Text(object, key, where);
  if (!text.ok()) return text.status();
  Result<Period> period = Period::Parse(*text);
  if (!period.ok()) return Status::InvalidArgument(where + key + ": " + period.status().message());
  return period;
}

Result<InjectedEffect> ParseEffect(const json::value& value, const std::string& where) {
  if (!value.is_object()) return Status::InvalidArgument(where + ": expected an object");
  const json::object& object = value.as_object();
  InjectedEffect effect;
  std::string prefix = where + ".";
  for (auto [key, field] : {std::pair{"effect", &effect.effect}, {"detector", &effect.detector},
                            {"indicator", &effect.indicator}, {"unit", &effect.unit},
                            {"description", &effect.description}}) {
    Result<std::string> text = Text(object, key, prefix);
    if (!text.ok()) return text.status();
    *field = *text;
  }
  if (const json::value* others = object.if_contains("other_detectors")) {
    if (!others->is_array()) return Status::InvalidArgument(prefix + "other_detectors: expected a list");
    for (const json::value& name : others->as_array()) {
      if (!name.is_string()) return Status::InvalidArgument(prefix + "other_detectors: expected strings");
      effect.other_detectors.emplace_back(name.as_string());
    }
  }
  const json::value* window = object.if_contains("window");
  if (window != nullptr && window->is_object()) {
    Result<Period> begin = PeriodField(window->as_object(), "begin", prefix + "window.");
    Result<Period> end = PeriodField(window->as_object(), "end", prefix + "window.");
    if (!begin.ok()) return begin.status();
    if (!end.ok()) return end.status();
    effect.begin = *begin;
    effect.end = *end;
  } else {
    Result<Period> period = PeriodField(object, "period", prefix);
    if (!period.ok()) return period.status();
    effect.begin = effect.end = *period;
  }
  return effect;
}

Status ParseTruthObject(const json::object& root, Scenario& truth) {
  Result<std::string> name = Text(root, "scenario", "");
  Result<Period> first = PeriodField(root, "first_period", "");
  Result<Period> last = PeriodField(root, "last_period", "");
  Result<std::string> as_of = Text(root, "as_of", "");
  for (const Status& status : {name.status(), first.status(), last.status(), as_of.status()}) {
    if (!status.ok()) return status;
  }
  Result<std::chrono::sys_seconds> as_of_time = ParseTimestamp(*as_of);
  if (!as_of_time.ok()) return as_of_time.status();
  const json::value* seed = root.if_contains("seed");
  if (seed == nullptr || !seed->is_number()) return Status::InvalidArgument("seed: expected a number");
  truth.name = *name;
  truth.seed = seed->to_number<std::uint64_t>();
  truth.first = *first;
  truth.last = *last;
  truth.as_of = *as_of_time;

  const json::value* effects = root.if_contains("effects");
  const json::value* controls = root.if_contains("clean_controls");
  if (effects == nullptr || !effects->is_array()) return Status::InvalidArgument("effects: expected a list");
  if (controls == nullptr || !controls->is_array()) {
    return Status::InvalidArgument("clean_controls: expected a list");
  }
  for (std::size_t i = 0; i < effects->as_array().size(); ++i) {
    Result<InjectedEffect> effect =
        ParseEffect(effects->as_array()[i], "effects[" + std::to_string(i) + "]");
    if (!effect.ok()) return effect.status();
    truth.effects.push_back(std::move(effect).value());
  }
  for (std::size_t i = 0; i < controls->as_array().size(); ++i) {
    const json::value& control = controls->as_array()[i];
    std::string where = "clean_controls[" + std::to_string(i) + "].";
    if (!control.is_object()) return Status::InvalidArgument(where + ": expected an object");
    Result<std::string> indicator = Text(control.as_object(), "indicator", where);
    Result<std::string> unit = Text(control.as_object(), "unit", where);
    if (!indicator.ok()) return indicator.status();
    if (!unit.ok()) return unit.status();
    truth.clean_controls.push_back({*indicator, *unit});
  }
  return Status::Ok();
}

}  // namespace

std::string TruthJson(const Scenario& scenario) {
  json::array effects;
  for (const InjectedEffect& effect : scenario.effects) effects.emplace_back(EffectJson(effect));
  json::array controls;
  for (const CleanControl& control : scenario.clean_controls) {
    controls.emplace_back(json::object{{"indicator", control.indicator}, {"unit", control.unit}});
  }
  std::string text = "{\n";
  text += "  \"scenario\": " + json::serialize(json::value(scenario.name)) + ",\n";
  text += "  \"seed\": " + std::to_string(scenario.seed) + ",\n";
  text += "  \"first_period\": \"" + scenario.first.ToString() + "\",\n";
  text += "  \"last_period\": \"" + scenario.last.ToString() + "\",\n";
  text += "  \"as_of\": \"" + FormatTimestamp(scenario.as_of) + "\",\n";
  text += "  \"effects\": " + ArrayLines(effects) + ",\n";
  text += "  \"clean_controls\": " + ArrayLines(controls) + "\n}\n";
  return text;
}

Result<Scenario> ParseTruthJson(std::string_view text) {
  boost::system::error_code error;
  json::value root = json::parse(json::string_view(text.data(), text.size()), error);
  if (error) return Status::InvalidArgument("truth file is not valid JSON: " + error.message());
  if (!root.is_object()) return Status::InvalidArgument("truth file: expected a JSON object");
  Scenario truth;
  if (Status status = ParseTruthObject(root.as_object(), truth); !status.ok()) return status;
  return truth;
}

}  // namespace kpiwatch::simulation
