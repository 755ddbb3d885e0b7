// GET/PUT /v1/rules, GET /v1/rules/versions, POST /v1/rules/check, POST /v1/rules/backtest
#include <boost/json.hpp>

#include "daemon/api/json_helpers.h"
#include "daemon/api/routes.h"
#include "daemon/http/responses.h"
#include "daemon/scheduler/evaluation_data.h"
#include "rules/evaluation/backtest.h"
#include "rules/formats/alert_json.h"
#include "rules/formats/catalogue_parser.h"
#include "rules/formats/finding_json.h"
#include "rules/formats/timestamp.h"

namespace kpiwatch::daemon {
namespace {

constexpr const char* kUploadName = "PUT /v1/rules";

boost::json::array DetailsToJson(const std::vector<ErrorDetail>& details) {
  boost::json::array list;
  for (const ErrorDetail& detail : details) list.push_back(http::DetailJson(detail));
  return list;
}

boost::json::object VersionSummaryJson(const RuleSetVersion& version) {
  return {{"version", version.version},
          {"author", version.author},
          {"source", version.source},
          {"activated_at", FormatTimestamp(version.activated_at)},
          {"diff", {{"added", boost::json::value_from(version.diff.added)},
                    {"removed", boost::json::value_from(version.diff.removed)},
                    {"changed", boost::json::value_from(version.diff.changed)},
                    {"summary", version.diff.Summary()}}}};
}

boost::json::object ActiveRulesJson(const RuleSetVersion& version) {
  boost::json::object json = VersionSummaryJson(version);
  boost::json::array rules;
  for (const Rule& rule : version.rules.rules) rules.push_back(RuleToJson(rule));
  json["rules"] = std::move(rules);
  json["warnings"] = DetailsToJson(version.warnings);
  json["text"] = version.text;
  return json;
}

// A parse failure with the offending lines and carets in its message.
http::Response RuleErrorResponse(const Status& status, std::string_view text) {
  return http::ErrorResponse(Status(status.code(), RenderErrorsWithSource(status, text), status.details()));
}

http::Response CheckRules(Services& services, const http::Request& request) {
  std::string name = request.query.count("file") ? request.query.at("file") : "rules.yaml";
  Result<ParsedRules> parsed = services.rules.Check(request.body, name);
  if (!parsed.ok()) return RuleErrorResponse(parsed.status(), request.body);
  return http::JsonResponse(200, boost::json::object{{"valid", true},
                                                     {"rules", parsed->rules.rules.size()},
                                                     {"warnings", DetailsToJson(parsed->warnings)}});
}

http::Response PutRules(Services& services, const http::Request& request, const Principal& principal) {
  int before = services.rules.Current()->version;
  Result<std::shared_ptr<const RuleSetVersion>> activated =
      services.rules.Activate(request.body, kUploadName, principal.name);
  if (!activated.ok()) return http::ErrorResponse(activated.status());
  boost::json::object json = VersionSummaryJson(**activated);
  json["changed"] = (*activated)->version != before;
  json["warnings"] = DetailsToJson((*activated)->warnings);
  return http::JsonResponse(200, json);
}

http::Response ListVersions(Services& services) {
  Result<std::vector<RuleSetVersion>> versions = services.rules.Versions();
  if (!versions.ok()) return http::ErrorResponse(versions.status());
  boost::json::array list;
  for (const RuleSetVersion& version : *versions) {
    boost::json::object json = VersionSummaryJson(version);
    json["text"] = version.text;
    list.push_back(std::move(json));
  }
  return http::JsonResponse(200, boost::json::object{{"versions", std::move(list)}});
}

boost::json::object BacktestToJson(const BacktestReport& report) {
  boost::json::array alerts;
  for (const BacktestAlert& alert : report.alerts) {
    alerts.push_back({{"rule", alert.rule},
                      {"indicator", alert.indicator},
                      {"unit", alert.unit},
                      {"step", alert.step.ToString()},
                      {"created", alert.created},
                      {"silenced", alert.silenced},
                      {"finding", FindingToJson(alert.finding)}});
  }
  auto number_or_null = [](double value) {
    return std::isfinite(value) ? boost::json::value(value) : boost::json::value(nullptr);
  };
  boost::json::array rules;
  for (const BacktestRuleSummary& rule : report.rules) {
    rules.push_back({{"rule", rule.rule},
                     {"evaluations", rule.evaluations},
                     {"alerts", rule.alerts},
                     {"silenced", rule.silenced},
                     {"years", number_or_null(rule.years)},
                     {"alerts_per_year", number_or_null(rule.alerts_per_year)},
                     {"expected_false_alarms_per_year", number_or_null(rule.expected_false_alarms_per_year)},
                     {"interpreted_before", rule.interpreted_before},
                     {"false_alarm_share", rule.false_alarm_share ? boost::json::value(*rule.false_alarm_share)
                                                                  : boost::json::value(nullptr)}});
  }
  return {{"alerts", std::move(alerts)},
          {"rules", std::move(rules)},
          {"errors", boost::json::value_from(report.errors)}};
}

// Body (JSON, every member optional): {"rules": "<yaml>", "from": "2024-01", "to": "2025-12",
// "indicators": ["werk.*"], "null_replicates": 5, "seed": 1}. Without "rules" the active set
// is replayed. Nothing is stored.
http::Response Backtest(Services& services, const http::Request& request) {
  boost::json::object body;
  if (!request.body.empty()) {
    Result<boost::json::value> parsed = ParseJsonBody(request);
    if (!parsed.ok()) return http::ErrorResponse(parsed.status());
    if (!parsed->is_object()) return http::ErrorResponse(Status::InvalidArgument("body must be a JSON object"));
    body = parsed->as_object();
  }
  std::vector<ErrorDetail> errors;
  BacktestOptions options;
  options.until = services.clock.Now();  // daily rules tick up to now, as they would have live
  for (const char* name : {"from", "to"}) {
    const boost::json::value* value = body.if_contains(name);
    if (value == nullptr || value->is_null()) continue;
    Result<Period> period = value->is_string() ? Period::Parse(value->as_string())
                                               : Result<Period>(Status::InvalidArgument("must be a period"));
    if (!period.ok()) errors.push_back({.field = name, .reason = period.status().message()});
    else (std::string(name) == "from" ? options.from : options.to) = *period;
  }
  if (const boost::json::value* indicators = body.if_contains("indicators"); indicators != nullptr) {
    if (!indicators->is_array()) errors.push_back({.field = "indicators", .reason = "must be a list of ids or globs"});
    else for (const auto& id : indicators->as_array()) {
      if (id.is_string()) options.indicators.emplace_back(id.as_string());
      else errors.push_back({.field = "indicators", .reason = "must be a list of ids or globs"});
    }
  }
  if (const boost::json::value* replicates = body.if_contains("null_replicates"); replicates != nullptr) {
    if (!replicates->is_int64() || replicates->as_int64() < 0 || replicates->as_int64() > 1000) {
      errors.push_back({.field = "null_replicates", .reason = "must be an integer in [0, 1000]"});
    } else {
      options.null_replicates = static_cast<int>(replicates->as_int64());
    }
  }
  if (const boost::json::value* seed = body.if_contains("seed"); seed != nullptr) {
    if (!seed->is_int64() || seed->as_int64() < 0) errors.push_back({.field = "seed", .reason = "must be a non-negative integer"});
    else options.seed = static_cast<std::uint64_t>(seed->as_int64());
  }
  if (!errors.empty()) return http::ErrorResponse(Status::InvalidArgument("bad backtest request", std::move(errors)));

  std::shared_ptr<const RuleSetVersion> active = services.rules.Current();
  RuleSet proposed;
  const RuleSet* rules = &active->rules;
  if (const boost::json::value* text = body.if_contains("rules"); text != nullptr && !text->is_null()) {
    if (!text->is_string()) return http::ErrorResponse(Status::InvalidArgument("rules must be YAML text"));
    Result<ParsedRules> parsed = services.rules.Check(text->as_string(), "backtest rules");
    if (!parsed.ok()) return RuleErrorResponse(parsed.status(), text->as_string());
    proposed = std::move(parsed->rules);
    rules = &proposed;
  }

  std::shared_ptr<const Catalogue> catalogue = services.catalogue.Current();
  std::set<std::string> indicators;
  for (const auto& entry : catalogue->indicators()) {
    const std::string& id = entry.first;  // a named variable: clang 14 cannot capture bindings
    bool selected = options.indicators.empty() ||
                    std::any_of(options.indicators.begin(), options.indicators.end(),
                                [&](const std::string& pattern) { return GlobMatches(pattern, id); });
    if (selected) indicators.insert(id);
  }
  Result<EvaluationData> data =
      LoadEvaluationData(services.observations, WithRelatedIndicators(*catalogue, indicators));
  if (!data.ok()) return http::ErrorResponse(data.status());
  AlertFilter everything;
  everything.limit = std::numeric_limits<std::size_t>::max();
  Result<std::vector<Alert>> past = services.alerts.List(everything);
  if (!past.ok()) return http::ErrorResponse(past.status());
  Result<std::vector<Silence>> silences = services.alerts.Silences();
  if (!silences.ok()) return http::ErrorResponse(silences.status());
  BacktestHistory history{data->observations, data->revisions, {}, *past, *silences};
  Result<BacktestReport> report = RunBacktest(*rules, *catalogue, history, options, DetectorRegistry::Builtin());
  if (!report.ok()) return http::ErrorResponse(report.status());
  return http::JsonResponse(200, BacktestToJson(*report));
}

}  // namespace

void AddRuleRoutes(http::Router& router, Services& services) {
  const std::vector<Role>& kAnyone = AllRoles();
  router.Add("GET", "/v1/rules", Protect(services.access, services.audit, kAnyone,
                                         [&services](const http::Request& request, const Principal&) {
                                           std::shared_ptr<const RuleSetVersion> active = services.rules.Current();
                                           if (request.query.count("format") && request.query.at("format") == "yaml") {
                                             return http::TextResponse(200, active->text, "application/yaml; charset=utf-8");
                                           }
                                           return http::JsonResponse(200, ActiveRulesJson(*active));
                                         }));
  router.Add("PUT", "/v1/rules", Protect(services.access, services.audit, {Role::kSteward},
                                         [&services](const http::Request& request, const Principal& principal) {
                                           return PutRules(services, request, principal);
                                         }));
  router.Add("GET", "/v1/rules/versions", Protect(services.access, services.audit, kAnyone,
                                                  [&services](const http::Request&, const Principal&) {
                                                    return ListVersions(services);
                                                  }));
  router.Add("POST", "/v1/rules/check", Protect(services.access, services.audit, {Role::kSteward},
                                                [&services](const http::Request& request, const Principal&) {
                                                  return CheckRules(services, request);
                                                }));
  router.Add("POST", "/v1/rules/backtest", Protect(services.access, services.audit, {Role::kSteward},
                                                   [&services](const http::Request& request, const Principal&) {
                                                     return Backtest(services, request);
                                                   }));
}

}  // namespace kpiwatch::daemon
