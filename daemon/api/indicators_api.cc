// GET /v1/indicators, GET/PUT /v1/indicators/{id}, GET /v1/indicators/{id}/history
#include <boost/json.hpp>

#include "daemon/api/json_helpers.h"
#include "daemon/api/routes.h"
#include "daemon/http/responses.h"
#include "rules/formats/indicator_json.h"

namespace kpiwatch::daemon {
namespace {

http::Response ListIndicators(Services& services) {
  auto catalogue = services.catalogue.Current();
  boost::json::array indicators;
  for (const auto& [id, indicator] : catalogue->indicators()) {
    boost::json::object json = IndicatorToJson(indicator);
    Result<std::vector<std::string>> units = services.observations.ListUnits(id);
    if (!units.ok()) return http::ErrorResponse(units.status());
    json["units"] = boost::json::value_from(*units);
    Result<SteeringState> steering = services.alerts.Steering(id, std::nullopt);
    if (!steering.ok()) return http::ErrorResponse(steering.status());
    json["steering_status"] = SteeringStatusName(steering->status);
    indicators.push_back(std::move(json));
  }
  return http::JsonResponse(200, boost::json::object{{"indicators", std::move(indicators)}});
}

http::Response GetIndicator(Services& services, const std::string& id) {
  auto catalogue = services.catalogue.Current();
  const Indicator* indicator = catalogue->Find(id);
  if (indicator == nullptr) return http::ErrorResponse(Status::NotFound("indicator '" + id + "' is not declared"));
  boost::json::object json = IndicatorToJson(*indicator);
  Result<std::vector<std::string>> units = services.observations.ListUnits(id);
  if (!units.ok()) return http::ErrorResponse(units.status());
  json["units"] = boost::json::value_from(*units);
  return http::JsonResponse(200, json);
}

http::Response PutIndicator(Services& services, const http::Request& request,
                            const Principal& principal) {
  const std::string& id = request.path_params.at("id");
  Result<boost::json::value> body = ParseJsonBody(request);
  if (!body.ok()) return http::ErrorResponse(body.status());
  Result<Indicator> indicator = IndicatorFromJson(*body, id);
  if (!indicator.ok()) return http::ErrorResponse(indicator.status());
  Result<bool> created = services.catalogue.Put(*indicator, principal.name);
  if (!created.ok()) return http::ErrorResponse(created.status());
  return http::JsonResponse(*created ? 201 : 200, IndicatorToJson(*indicator));
}

http::Response IndicatorHistory(Services& services, const std::string& id) {
  auto catalogue = services.catalogue.Current();
  const Indicator* indicator = catalogue->Find(id);
  if (indicator == nullptr) return http::ErrorResponse(Status::NotFound("indicator '" + id + "' is not declared"));
  Result<std::vector<std::string>> units = services.observations.ListUnits(id);
  if (!units.ok()) return http::ErrorResponse(units.status());
  boost::json::array unit_histories;
  for (const std::string& unit : *units) {
    Result<std::vector<store::SeriesPoint>> series = services.observations.ReadSeries(id, unit);
    if (!series.ok()) return http::ErrorResponse(series.status());
    Result<std::vector<store::RevisionRecord>> revisions = services.observations.ReadRevisions(id, unit);
    if (!revisions.ok()) return http::ErrorResponse(revisions.status());
    boost::json::array points;
    for (const store::SeriesPoint& point : *series) points.push_back(PointToJson(point.period, point.point));
    boost::json::array restatements;
    for (const store::RevisionRecord& record : *revisions) restatements.push_back(RevisionToJson(record));
    unit_histories.push_back(boost::json::object{
        {"unit", unit}, {"points", std::move(points)}, {"restatements", std::move(restatements)}});
  }
  Result<std::vector<Indicator>> versions = services.catalogue.History(id);
  if (!versions.ok()) return http::ErrorResponse(versions.status());
  boost::json::array definitions;
  for (const Indicator& version : *versions) definitions.push_back(IndicatorToJson(version));
  return http::JsonResponse(200, boost::json::object{{"indicator", IndicatorToJson(*indicator)},
                                                     {"previous_definitions", std::move(definitions)},
                                                     {"units", std::move(unit_histories)}});
}

}  // namespace

void AddIndicatorRoutes(http::Router& router, Services& services) {
  router.Add("GET", "/v1/indicators",
             Protect(services.access, services.audit, AllRoles(),
                     [&services](const http::Request&, const Principal&) {
                       return ListIndicators(services);
                     }));
  router.Add("GET", "/v1/indicators/{id}",
             Protect(services.access, services.audit, AllRoles(),
                     [&services](const http::Request& request, const Principal&) {
                       return GetIndicator(services, request.path_params.at("id"));
                     }));
  router.Add("PUT", "/v1/indicators/{id}",
             Protect(services.access, services.audit, {Role::kSteward},
                     [&services](const http::Request& request, const Principal& principal) {
                       return PutIndicator(services, request, principal);
                     }));
  router.Add("GET", "/v1/indicators/{id}/history",
             Protect(services.access, services.audit, AllRoles(),
                     [&services](const http::Request& request, const Principal&) {
                       return IndicatorHistory(services, request.path_params.at("id"));
                     }));
}

}  // namespace kpiwatch::daemon
