// GET /v1/alerts, GET /v1/alerts/{id}, POST /v1/alerts/{id}/(acknowledge|interpret|close|reopen),
// GET /v1/indicators/{id}/steering-status, GET/POST /v1/silences
#include <boost/json.hpp>
#include <charconv>

#include "daemon/api/json_helpers.h"
#include "daemon/api/routes.h"
#include "daemon/http/responses.h"
#include "rules/formats/alert_json.h"
#include "rules/formats/timestamp.h"

namespace kpiwatch::daemon {
namespace {

Result<std::uint64_t> AlertId(const http::Request& request) {
  const std::string& text = request.path_params.at("id");
  std::uint64_t id = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size() || id == 0) {
    return Status::InvalidArgument("bad alert id '" + text + "'", {{.field = "id", .reason = "must be a positive integer"}});
  }
  return id;
}

std::optional<std::string> Query(const http::Request& request, const std::string& name) {
  auto found = request.query.find(name);
  if (found == request.query.end() || found->second.empty()) return std::nullopt;
  return found->second;
}

Result<AlertFilter> FilterFrom(const http::Request& request) {
  AlertFilter filter;
  std::vector<ErrorDetail> errors;
  if (auto status = Query(request, "status")) {
    Result<AlertStatus> parsed = ParseAlertStatus(*status);
    if (parsed.ok()) filter.status = *parsed;
    else errors.push_back({.field = "status", .reason = parsed.status().message()});
  }
  if (auto severity = Query(request, "severity")) {
    Result<Severity> parsed = ParseSeverity(*severity);
    if (parsed.ok()) filter.min_severity = *parsed;
    else errors.push_back({.field = "severity", .reason = parsed.status().message()});
  }
  filter.indicator = Query(request, "indicator");
  filter.unit = Query(request, "unit");
  filter.rule = Query(request, "rule");
  for (const char* name : {"from", "to"}) {
    Result<std::optional<Period>> period = PeriodQuery(request, name);
    if (!period.ok()) errors.push_back(period.status().details().front());
    else (std::string(name) == "from" ? filter.from : filter.to) = *period;
  }
  if (auto limit = Query(request, "limit")) {
    std::size_t value = 0;
    auto [end, error] = std::from_chars(limit->data(), limit->data() + limit->size(), value);
    if (error != std::errc() || end != limit->data() + limit->size() || value == 0) {
      errors.push_back({.field = "limit", .reason = "must be a positive integer"});
    } else {
      filter.limit = value;
    }
  }
  if (!errors.empty()) return Status::InvalidArgument("bad alert filter", std::move(errors));
  return filter;
}

http::Response ListAlerts(Services& services, const http::Request& request) {
  Result<AlertFilter> filter = FilterFrom(request);
  if (!filter.ok()) return http::ErrorResponse(filter.status());
  Result<std::vector<Alert>> alerts = services.alerts.List(*filter);
  if (!alerts.ok()) return http::ErrorResponse(alerts.status());
  boost::json::array list;
  for (const Alert& alert : *alerts) list.push_back(AlertToJson(alert));
  return http::JsonResponse(200, boost::json::object{{"count", list.size()}, {"alerts", std::move(list)}});
}

http::Response GetAlert(Services& services, const http::Request& request) {
  Result<std::uint64_t> id = AlertId(request);
  if (!id.ok()) return http::ErrorResponse(id.status());
  Result<Alert> alert = services.alerts.Get(*id);
  if (!alert.ok()) return http::ErrorResponse(alert.status());
  return http::JsonResponse(200, AlertToJson(*alert));
}

// The interpretation in a POST .../interpret body: {"category": "...", "note": "..."}.
Result<Interpretation> InterpretationFrom(const http::Request& request) {
  Result<boost::json::value> body = ParseJsonBody(request);
  if (!body.ok()) return body.status();
  if (!body->is_object()) return Status::InvalidArgument("body must be a JSON object with category and note");
  const boost::json::object& object = body->as_object();
  std::vector<ErrorDetail> errors;
  Interpretation interpretation;
  const boost::json::value* category = object.if_contains("category");
  if (category == nullptr || !category->is_string()) {
    errors.push_back({.field = "category", .reason = "required: one of genuine_change, definition_change, data_error, "
                                                     "external_cause, gaming_suspected, gaming_confirmed, false_alarm, other"});
  } else {
    Result<InterpretationCategory> parsed = ParseInterpretationCategory(category->as_string());
    if (parsed.ok()) interpretation.category = *parsed;
    else errors.push_back({.field = "category", .reason = parsed.status().message()});
  }
  const boost::json::value* note = object.if_contains("note");
  if (note == nullptr || !note->is_string() || note->as_string().empty()) {
    errors.push_back({.field = "note", .reason = "required: what the number means, in words"});
  } else {
    interpretation.note = std::string(note->as_string());
  }
  if (!errors.empty()) return Status::InvalidArgument("bad interpretation", std::move(errors));
  return interpretation;
}

http::Response ActOnAlert(Services& services, const http::Request& request, const Principal& principal,
                          AlertAction action) {
  Result<std::uint64_t> id = AlertId(request);
  if (!id.ok()) return http::ErrorResponse(id.status());
  std::optional<Interpretation> interpretation;
  if (action == AlertAction::kInterpret) {
    Result<Interpretation> parsed = InterpretationFrom(request);
    if (!parsed.ok()) return http::ErrorResponse(parsed.status());
    interpretation = std::move(*parsed);
  }
  Result<Alert> alert = services.alerts.Act(*id, action, principal.name, std::move(interpretation));
  if (!alert.ok()) return http::ErrorResponse(alert.status());
  return http::JsonResponse(200, AlertToJson(*alert));
}

boost::json::object SteeringToJson(const SteeringState& state) {
  return {{"status", SteeringStatusName(state.status)},
          {"alerts", boost::json::array(state.alert_ids.begin(), state.alert_ids.end())}};
}

http::Response SteeringStatus(Services& services, const http::Request& request) {
  const std::string& id = request.path_params.at("id");
  if (services.catalogue.Current()->Find(id) == nullptr) {
    return http::ErrorResponse(Status::NotFound("indicator '" + id + "' is not declared"));
  }
  std::optional<std::string> unit = Query(request, "unit");
  Result<SteeringState> overall = services.alerts.Steering(id, unit);
  if (!overall.ok()) return http::ErrorResponse(overall.status());
  boost::json::object json = SteeringToJson(*overall);
  json["indicator"] = id;
  if (unit) json["unit"] = *unit;
  Result<std::vector<std::string>> units = services.observations.ListUnits(id);
  if (!units.ok()) return http::ErrorResponse(units.status());
  boost::json::array per_unit;
  for (const std::string& each : *units) {
    if (unit && each != *unit) continue;
    Result<SteeringState> state = services.alerts.Steering(id, each);
    if (!state.ok()) return http::ErrorResponse(state.status());
    boost::json::object entry = SteeringToJson(*state);
    entry["unit"] = each;
    per_unit.push_back(std::move(entry));
  }
  json["units"] = std::move(per_unit);
  return http::JsonResponse(200, json);
}

http::Response ListSilences(Services& services) {
  Result<std::vector<Silence>> silences = services.alerts.Silences();
  if (!silences.ok()) return http::ErrorResponse(silences.status());
  std::chrono::sys_seconds now = services.clock.Now();
  boost::json::array list;
  for (const Silence& silence : *silences) {
    boost::json::object json = SilenceToJson(silence);
    json["active"] = silence.ActiveAt(now);
    list.push_back(std::move(json));
  }
  return http::JsonResponse(200, boost::json::object{{"silences", std::move(list)}});
}

// Body: {"indicator", "unit", "rule", "reason", "ends_at" | "hours", optional "starts_at"}.
http::Response AddSilence(Services& services, const http::Request& request, const Principal& principal) {
  Result<boost::json::value> body = ParseJsonBody(request);
  if (!body.ok()) return http::ErrorResponse(body.status());
  if (!body->is_object()) return http::ErrorResponse(Status::InvalidArgument("body must be a JSON object"));
  const boost::json::object& object = body->as_object();
  std::vector<ErrorDetail> errors;
  Silence silence;
  auto text = [&](const char* name) -> std::string {
    const boost::json::value* value = object.if_contains(name);
    if (value == nullptr || value->is_null()) return "";
    if (!value->is_string()) {
      errors.push_back({.field = name, .reason = "must be a string"});
      return "";
    }
    return std::string(value->as_string());
  };
  auto time = [&](const char* name, std::chrono::sys_seconds fallback) {
    std::string value = text(name);
    if (value.empty()) return fallback;
    Result<std::chrono::sys_seconds> parsed = ParseTimestamp(value);
    if (!parsed.ok()) {
      errors.push_back({.field = name, .reason = parsed.status().message()});
      return fallback;
    }
    return *parsed;
  };
  silence.indicator = text("indicator");
  silence.unit = text("unit");
  silence.rule = text("rule");
  silence.reason = text("reason");
  silence.starts_at = time("starts_at", services.clock.Now());
  silence.ends_at = silence.starts_at;
  if (const boost::json::value* hours = object.if_contains("hours"); hours != nullptr) {
    if (!hours->is_number() || hours->to_number<double>() <= 0) {
      errors.push_back({.field = "hours", .reason = "must be a positive number"});
    } else {
      silence.ends_at += std::chrono::seconds(static_cast<std::int64_t>(hours->to_number<double>() * 3600));
    }
  } else {
    silence.ends_at = time("ends_at", silence.starts_at);
  }
  if (!errors.empty()) return http::ErrorResponse(Status::InvalidArgument("bad silence", std::move(errors)));
  Result<Silence> added = services.alerts.AddSilence(std::move(silence), principal.name);
  if (!added.ok()) return http::ErrorResponse(added.status());
  return http::JsonResponse(201, SilenceToJson(*added));
}

}  // namespace

void AddAlertRoutes(http::Router& router, Services& services) {
  const std::vector<Role>& kAnyone = AllRoles();
  router.Add("GET", "/v1/alerts", Protect(services.access, services.audit, kAnyone,
                                          [&services](const http::Request& request, const Principal&) {
                                            return ListAlerts(services, request);
                                          }));
  router.Add("GET", "/v1/alerts/{id}", Protect(services.access, services.audit, kAnyone,
                                               [&services](const http::Request& request, const Principal&) {
                                                 return GetAlert(services, request);
                                               }));
  for (AlertAction action : {AlertAction::kAcknowledge, AlertAction::kInterpret, AlertAction::kClose,
                             AlertAction::kReopen}) {
    router.Add("POST", std::string("/v1/alerts/{id}/") + AlertActionName(action),
               Protect(services.access, services.audit, {Role::kController},
                       [&services, action](const http::Request& request, const Principal& principal) {
                         return ActOnAlert(services, request, principal, action);
                       }));
  }
  router.Add("GET", "/v1/indicators/{id}/steering-status",
             Protect(services.access, services.audit, kAnyone,
                     [&services](const http::Request& request, const Principal&) {
                       return SteeringStatus(services, request);
                     }));
  router.Add("GET", "/v1/silences", Protect(services.access, services.audit, kAnyone,
                                            [&services](const http::Request&, const Principal&) {
                                              return ListSilences(services);
                                            }));
  router.Add("POST", "/v1/silences", Protect(services.access, services.audit, {Role::kSteward, Role::kController},
                                             [&services](const http::Request& request, const Principal& principal) {
                                               return AddSilence(services, request, principal);
                                             }));
}

}  // namespace kpiwatch::daemon
