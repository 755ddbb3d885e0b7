// GET /healthz, GET /metrics, and the one place every route is added.
#include <boost/json.hpp>

#include "daemon/api/routes.h"
#include "daemon/http/responses.h"

namespace kpiwatch::daemon {

void AddOpsRoutes(http::Router& router, Services& services) {
  router.Add("GET", "/healthz", [&services](const http::Request&) {
    SchedulerState scheduler = services.scheduler.State();
    return http::JsonResponse(200, boost::json::object{
                                       {"status", "ok"},
                                       {"indicators", services.catalogue.Current()->size()},
                                       {"rules_version", services.rules.Current()->version},
                                       {"scheduler", {{"queued", scheduler.queued},
                                                      {"busy", scheduler.busy},
                                                      {"rounds", scheduler.rounds},
                                                      {"alerts_raised", scheduler.alerts_raised}}},
                                       {"notifications", services.notify.StatusJson()}});
  });
  router.Add("GET", "/metrics", [&services](const http::Request&) {
    return http::TextResponse(200, services.metrics.RenderPrometheus(),
                              "text/plain; version=0.0.4; charset=utf-8");
  });
}

void AddAllRoutes(http::Router& router, Services& services) {
  AddOpsRoutes(router, services);
  AddIndicatorRoutes(router, services);
  AddObservationRoutes(router, services);
  AddSeriesRoutes(router, services);
  AddAlertRoutes(router, services);
  AddRuleRoutes(router, services);
  AddAuditRoutes(router, services);
  AddAdminRoutes(router, services);
  AddReportRoutes(router, services);
  AddUiRoutes(router, services);
}

}  // namespace kpiwatch::daemon
