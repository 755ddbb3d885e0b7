#include "daemon/notify/notify_service.h"

namespace kpiwatch::notify {

NotifyService::NotifyService(const NotifyConfig& config, store::Database& database)
    : config_(config), outbox_(database) {}

NotifyService::~NotifyService() {
  if (worker_) worker_->Stop();
}

Result<std::unique_ptr<NotifyService>> NotifyService::Open(
    const NotifyConfig& config, const std::filesystem::path& maildir, store::Database& database,
    const daemon::Clock& clock, DeliveryHooks hooks, DeliveryOptions options) {
  return Open(config, MakeTransport(config.smtp, maildir), database, clock, std::move(hooks),
              options);
}

Result<std::unique_ptr<NotifyService>> NotifyService::Open(
    const NotifyConfig& config, std::unique_ptr<MailTransport> transport, store::Database& database,
    const daemon::Clock& clock, DeliveryHooks hooks, DeliveryOptions options) {
  std::unique_ptr<NotifyService> service(new NotifyService(config, database));
  Status loaded = service->outbox_.Load();
  if (!loaded.ok()) return loaded;
  service->transport_ = std::move(transport);
  service->notifier_ = std::make_unique<Notifier>(service->config_, service->outbox_, clock);
  service->worker_ = std::make_unique<DeliveryWorker>(
      service->config_, service->outbox_, *service->transport_, clock, std::move(hooks), options);
  return service;
}

boost::json::object DeliveryStatsToJson(const DeliveryStats& stats) {
  return {{"queued", stats.queued},
          {"digest_items", stats.digest_items},
          {"sent", stats.sent},
          {"failed_attempts", stats.failed_attempts},
          {"given_up", stats.given_up},
          {"oldest_queued_seconds", stats.oldest_queued_seconds},
          {"last_error", stats.last_error}};
}

boost::json::object NotifyService::StatusJson() const {
  boost::json::object status = DeliveryStatsToJson(worker_->stats());
  status["transport"] = transport_->Describe();
  status["groups"] = config_.groups.size();
  return status;
}

}  // namespace kpiwatch::notify
