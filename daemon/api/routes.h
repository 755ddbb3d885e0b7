// The HTTP API of kpiwatchd, one Add*Routes function per resource.
//
// Handlers translate HTTP to calls on the services and back; they hold no state of
// their own. All routes are added in one place (AddAllRoutes) so the route table is
// the single list of the API (docs/api.md). Every /v1 route is wrapped in Protect()
// (daemon/auth/access.h) with the roles it allows; /healthz and /metrics are open. The
// web view's pages (/ui/) are protected too, and accept the session cookie as well.
#pragma once

#include "daemon/admin/backup_service.h"
#include "daemon/audit/audit_log.h"
#include "daemon/auth/access.h"
#include "daemon/alerts/alert_service.h"
#include "daemon/catalogue/catalogue_service.h"
#include "daemon/clock.h"
#include "daemon/config.h"
#include "daemon/http/router.h"
#include "daemon/ingest/ingest_service.h"
#include "daemon/metrics/registry.h"
#include "daemon/notify/notify_service.h"
#include "daemon/rules/rule_service.h"
#include "daemon/scheduler/scheduler.h"
#include "daemon/store/observation_store.h"

namespace kpiwatch::daemon {

// What the handlers may call. All references outlive the router.
struct Services {
  const Config& config;
  CatalogueService& catalogue;
  IngestService& ingest;
  const store::ObservationStore& observations;
  metrics::Registry& metrics;
  const Clock& clock;
  RuleService& rules;
  AlertService& alerts;
  Scheduler& scheduler;
  AuditLog& audit;
  const AccessControl& access;
  const notify::NotifyService& notify;
  BackupService& backup;
};

// GET /v1/indicators, GET/PUT /v1/indicators/{id}, GET /v1/indicators/{id}/history
void AddIndicatorRoutes(http::Router& router, Services& services);
// POST /v1/observations
void AddObservationRoutes(http::Router& router, Services& services);
// GET /v1/series/{indicator}/{unit}?from=&to=
void AddSeriesRoutes(http::Router& router, Services& services);
// GET/POST /v1/alerts..., GET /v1/indicators/{id}/steering-status, GET/POST /v1/silences
void AddAlertRoutes(http::Router& router, Services& services);
// GET/PUT /v1/rules, GET /v1/rules/versions, POST /v1/rules/check, POST /v1/rules/backtest
void AddRuleRoutes(http::Router& router, Services& services);
// GET /v1/audit?from_seq=&kind=&limit=, GET /v1/audit/verify
void AddAuditRoutes(http::Router& router, Services& services);
// POST /v1/admin/backup
void AddAdminRoutes(http::Router& router, Services& services);
// GET /v1/indicators/{id}/report?format=html|csv|json (daemon/report/)
void AddReportRoutes(http::Router& router, Services& services);
// The read-only web view: GET /ui/, GET /ui/indicators/{id}, GET|POST /ui/login, POST /ui/logout
void AddUiRoutes(http::Router& router, Services& services);
// GET /healthz, GET /metrics
void AddOpsRoutes(http::Router& router, Services& services);

// Every route of the API.
void AddAllRoutes(http::Router& router, Services& services);

}  // namespace kpiwatch::daemon
