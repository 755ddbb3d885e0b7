#include "daemon/daemon.h"

#include <spdlog/spdlog.h>

#include <boost/asio/ip/address.hpp>

#include "daemon/admin/backup_service.h"
#include "daemon/alerts/alert_notifications.h"
#include "daemon/alerts/alert_service.h"
#include "daemon/api/routes.h"
#include "daemon/audit/audit_log.h"
#include "daemon/auth/access.h"
#include "daemon/catalogue/catalogue_service.h"
#include "daemon/clock.h"
#include "daemon/http/server.h"
#include "daemon/ingest/ingest_service.h"
#include "daemon/ingest/spool_watcher.h"
#include "daemon/metrics/registry.h"
#include "daemon/notify/notify_service.h"
#include "daemon/rules/rule_service.h"
#include "daemon/scheduler/scheduler.h"
#include "daemon/store/database.h"

namespace kpiwatch::daemon {

// Everything that runs, in construction order (destroyed in reverse).
struct Daemon::Parts {
  SystemClock clock;
  metrics::Registry metrics;
  std::unique_ptr<AccessControl> access;
  std::unique_ptr<store::Database> database;
  std::unique_ptr<AuditLog> audit;
  std::unique_ptr<store::ObservationStore> observations;
  std::unique_ptr<CatalogueService> catalogue;
  std::unique_ptr<IngestService> ingest;
  std::unique_ptr<RuleService> rules;
  std::unique_ptr<notify::NotifyService> notify;
  std::unique_ptr<AlertService> alerts;
  std::unique_ptr<Scheduler> scheduler;
  std::unique_ptr<BackupService> backup;
  std::unique_ptr<Services> services;
  http::Router router;
  std::unique_ptr<http::Server> server;
  std::unique_ptr<SpoolWatcher> spool;
};

namespace {

bool IsLoopback(const std::string& host) {
  boost::system::error_code error;
  boost::asio::ip::address address = boost::asio::ip::make_address(host, error);
  return !error && address.is_loopback();
}

// The access control of the config; without a tokens file only loopback is served.
Result<std::unique_ptr<AccessControl>> LoadAccess(const Config& config,
                                                  const ListenAddress& listen) {
  Result<AccessControl> access = AccessControl::Load(config.tokens_file);
  if (!access.ok()) return access.status();
  if (access->enabled()) {
    spdlog::info("access: {} tokens from {}", access->token_count(), config.tokens_file->string());
  } else {
    if (!IsLoopback(listen.host)) {
      return Status::FailedPrecondition(
          "no tokens file: refusing to listen on " + config.listen +
          ", which is not a loopback address (set http.tokens_file or --tokens)");
    }
    spdlog::warn("no tokens file: serving loopback only, without authentication");
  }
  return std::make_unique<AccessControl>(std::move(*access));
}

}  // namespace

Daemon::Daemon(Config config) : config_(std::move(config)) {}

Daemon::~Daemon() { Stop(); }

Status Daemon::Start() {
  auto parts = std::make_unique<Parts>();
  Result<ListenAddress> listen = ParseListenAddress(config_.listen);
  if (!listen.ok()) return listen.status();
  Result<std::unique_ptr<AccessControl>> access = LoadAccess(config_, *listen);
  if (!access.ok()) return access.status();
  parts->access = std::move(*access);

  store::DatabaseOptions database_options;
  database_options.path = config_.database_dir();
  database_options.sync_writes = config_.sync_writes;
  database_options.block_cache_mb = config_.block_cache_mb;
  Result<std::unique_ptr<store::Database>> database = store::Database::Open(database_options);
  if (!database.ok()) return database.status();
  parts->database = std::move(*database);
  spdlog::info("storage: RocksDB at {} (fsync per batch: {})", config_.database_dir().string(),
               config_.sync_writes ? "on" : "off");

  parts->audit = std::make_unique<AuditLog>(*parts->database, parts->clock);
  if (Status started = parts->audit->Start(); !started.ok()) return started;
  spdlog::info("audit: {} records", parts->audit->last_seq());
  parts->observations = std::make_unique<store::ObservationStore>(*parts->database);
  parts->catalogue =
      std::make_unique<CatalogueService>(*parts->database, *parts->audit, config_.catalogue);
  if (Status loaded = parts->catalogue->Start(); !loaded.ok()) {
    if (loaded.code() != StatusCode::kInvalidArgument) return loaded;
    spdlog::error("{}", loaded.message());
  }
  spdlog::info("catalogue: {} indicators", parts->catalogue->Current()->size());
  parts->ingest = std::make_unique<IngestService>(*parts->database, *parts->catalogue, parts->clock,
                                                 *parts->audit);
  if (Status started = parts->ingest->Start(); !started.ok()) return started;

  parts->rules = std::make_unique<RuleService>(*parts->database, *parts->audit, *parts->catalogue, parts->clock,
                                               config_.rules);
  if (Status loaded = parts->rules->Start(); !loaded.ok()) {
    if (loaded.code() != StatusCode::kInvalidArgument) return loaded;
    spdlog::error("{}", loaded.message());
  }
  auto active = parts->rules->Current();
  spdlog::info("rules: version {} from {} ({} rules)", active->version, active->source, active->rules.rules.size());
  for (const ErrorDetail& warning : active->warnings) spdlog::warn("rules: {}", warning.ToString());
  AuditLog& audit = *parts->audit;
  notify::DeliveryHooks delivery_hooks;
  delivery_hooks.commit = [&audit](rocksdb::WriteBatch& batch, const std::vector<AuditEvent>& events) {
    return audit.Commit(batch, events);
  };
  // The alert service is created below; the worker (the only caller) starts after it.
  Parts* running = parts.get();
  delivery_hooks.on_given_up = [running](const notify::GiveUpReport& report, rocksdb::WriteBatch&,
                                         std::vector<AuditEvent>&) {
    for (std::uint64_t id : report.message.alert_ids) {
      Result<Alert> recorded = running->alerts->RecordNotificationFailure(id, report.reason);
      if (!recorded.ok()) spdlog::error("notify: recording the failure on alert {}: {}", id, recorded.status().ToString());
    }
  };
  notify::DeliveryOptions delivery_options;
  delivery_options.metrics = &parts->metrics;
  Result<std::unique_ptr<notify::NotifyService>> notify =
      notify::NotifyService::Open(config_.notify, config_.mail_path(), *parts->database, parts->clock,
                                  delivery_hooks, delivery_options);
  if (!notify.ok()) return notify.status();
  parts->notify = std::move(*notify);
  // A restart keeps each group's hour: immediate messages queued in the last hour count.
  Result<std::vector<AuditRecord>> queued =
      audit.ReadSince(parts->clock.Now() - std::chrono::hours(1), "notification.queued");
  if (!queued.ok()) return queued.status();
  parts->notify->notifier().RestoreHourlyCap(*queued);
  spdlog::info("notify: {}", boost::json::serialize(parts->notify->StatusJson()));
  parts->alerts = std::make_unique<AlertService>(*parts->database, *parts->audit, parts->clock);
  if (Status started = parts->alerts->Start(); !started.ok()) return started;
  notify::NotifyService& notifications = *parts->notify;
  parts->alerts->SetChangeHook(
      NotifyOnAlertChange(notifications.notifier(), *parts->catalogue, *parts->observations),
      [&notifications] { notifications.worker().Wake(); });
  parts->notify->Start();
  SchedulerOptions scheduler_options;
  scheduler_options.queue_capacity = config_.scheduler_queue_capacity;
  parts->scheduler = std::make_unique<Scheduler>(*parts->observations, *parts->catalogue, *parts->rules,
                                                 *parts->alerts, parts->metrics, parts->clock, scheduler_options);
  Scheduler& scheduler = *parts->scheduler;
  parts->ingest->SetBatchStoredListener(
      [&scheduler](const IngestResult& result) { scheduler.OnBatchStored(result.touched); });
  if (Status started = parts->scheduler->Start(); !started.ok()) return started;

  parts->backup = std::make_unique<BackupService>(*parts->database, *parts->audit, parts->clock, config_.data_dir);
  parts->services = std::make_unique<Services>(
      Services{config_, *parts->catalogue, *parts->ingest, *parts->observations, parts->metrics, parts->clock,
               *parts->rules, *parts->alerts, *parts->scheduler, *parts->audit, *parts->access, *parts->notify,
               *parts->backup});
  AddAllRoutes(parts->router, *parts->services);
  http::ServerOptions server_options;
  server_options.address = listen->host;
  server_options.port = listen->port;
  server_options.max_body_bytes = config_.max_body_bytes;
  server_options.worker_threads = config_.worker_threads;
  server_options.read_timeout = config_.read_timeout;
  server_options.max_queued_requests = config_.max_queued_requests;
  server_options.max_connections = config_.max_connections;
  server_options.max_inflight_body_bytes = config_.max_inflight_body_mb << 20;
  if (config_.tls_cert_file) server_options.tls_cert_file = config_.tls_cert_file->string();
  if (config_.tls_key_file) server_options.tls_key_file = config_.tls_key_file->string();
  parts->server = std::make_unique<http::Server>(server_options, parts->router, &parts->metrics);
  if (Status serving = parts->server->Start(); !serving.ok()) return serving;
  spdlog::info("http: listening on {}:{}", listen->host, parts->server->port());

  if (config_.spool_enabled) {
    parts->spool = std::make_unique<SpoolWatcher>(config_.spool_path(), config_.spool_poll,
                                                  config_.max_body_bytes, *parts->ingest, parts->metrics);
    if (Status spooling = parts->spool->Start(); !spooling.ok()) return spooling;
    spdlog::info("spool: watching {}", config_.spool_path().string());
  }
  parts_ = std::move(parts);
  return Status::Ok();
}

void Daemon::ReloadCatalogue() {
  if (!parts_) return;
  if (!config_.catalogue) {
    spdlog::warn("reload: no catalogue file configured");
    return;
  }
  Status reloaded = parts_->catalogue->ReloadFile();
  if (reloaded.ok()) {
    spdlog::info("catalogue reloaded from {}: {} indicators", config_.catalogue->string(),
                 parts_->catalogue->Current()->size());
  } else {
    spdlog::error("{}", reloaded.message());
  }
}

void Daemon::ReloadRules() {
  if (!parts_) return;
  if (!config_.rules) {
    spdlog::info("reload: no rules file configured (rules are uploaded with PUT /v1/rules)");
    return;
  }
  Status reloaded = parts_->rules->ReloadFile();
  if (reloaded.ok()) {
    auto active = parts_->rules->Current();
    spdlog::info("rules reloaded from {}: version {} ({})", config_.rules->string(), active->version,
                 active->diff.Summary());
  } else {
    spdlog::error("{}", reloaded.message());
  }
}

void Daemon::Stop() {
  if (!parts_) return;
  if (parts_->spool) parts_->spool->Stop();
  if (parts_->server) parts_->server->Stop();
  if (parts_->scheduler) parts_->scheduler->Stop();
  if (parts_->notify) parts_->notify->Stop();
  parts_.reset();  // closes RocksDB last
  spdlog::info("stopped; storage closed cleanly");
}

std::uint16_t Daemon::port() const { return parts_ && parts_->server ? parts_->server->port() : 0; }

}  // namespace kpiwatch::daemon
