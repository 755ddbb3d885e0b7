// GET /v1/series/{indicator}/{unit}?from=&to=
#include <boost/json.hpp>

#include "daemon/api/json_helpers.h"
#include "daemon/api/routes.h"
#include "daemon/http/responses.h"

namespace kpiwatch::daemon {

void AddSeriesRoutes(http::Router& router, Services& services) {
  router.Add("GET", "/v1/series/{indicator}/{unit}",
             Protect(services.access, services.audit, AllRoles(),
                     [&services](const http::Request& request, const Principal&) {
    const std::string& indicator_id = request.path_params.at("indicator");
    const std::string& unit = request.path_params.at("unit");
    auto catalogue = services.catalogue.Current();
    const Indicator* indicator = catalogue->Find(indicator_id);
    if (indicator == nullptr) {
      return http::ErrorResponse(Status::NotFound("indicator '" + indicator_id + "' is not declared"));
    }
    Result<std::optional<Period>> from = PeriodQuery(request, "from");
    if (!from.ok()) return http::ErrorResponse(from.status());
    Result<std::optional<Period>> to = PeriodQuery(request, "to");
    if (!to.ok()) return http::ErrorResponse(to.status());
    Result<std::vector<store::SeriesPoint>> series =
        services.observations.ReadSeries(indicator_id, unit, *from, *to);
    if (!series.ok()) return http::ErrorResponse(series.status());
    boost::json::array points;
    for (const store::SeriesPoint& point : *series) points.push_back(PointToJson(point.period, point.point));
    return http::JsonResponse(200, boost::json::object{{"indicator", indicator_id},
                                                       {"unit", unit},
                                                       {"cadence", CadenceName(indicator->cadence)},
                                                       {"points", std::move(points)}});
  }));
}

}  // namespace kpiwatch::daemon
