#include "daemon/alerts/alert_notifications.h"

#include <spdlog/spdlog.h>

#include "daemon/notify/routing.h"

namespace kpiwatch::daemon {
namespace {

notify::AlertMailContext MailContext(const Alert& alert, const Indicator* indicator,
                                     const store::ObservationStore& observations) {
  notify::AlertMailContext context;
  if (indicator != nullptr) {
    context.indicator_name = indicator->name;
    context.indicator_definition = indicator->definition;
    context.target = indicator->target;
  }
  Result<std::vector<store::SeriesPoint>> series = observations.ReadSeries(alert.indicator, alert.unit);
  if (!series.ok()) {
    spdlog::warn("notify: recent values of {}/{} unreadable: {}", alert.indicator, alert.unit,
                 series.status().message());
    return context;
  }
  std::size_t first = series->size() > kRecentValuesInMail ? series->size() - kRecentValuesInMail : 0;
  for (std::size_t i = first; i < series->size(); ++i) {
    context.recent_values.push_back({(*series)[i].period.ToString(), (*series)[i].point.value});
  }
  return context;
}

}  // namespace

AlertChangeHook NotifyOnAlertChange(notify::Notifier& notifier, const CatalogueService& catalogue,
                                    const store::ObservationStore& observations) {
  return [&notifier, &catalogue, &observations](const Alert* before, const Alert& after,
                                                rocksdb::WriteBatch& batch, std::vector<AuditEvent>& events) {
    if (!notify::ShouldNotify(before, after)) return;
    std::shared_ptr<const Catalogue> current = catalogue.Current();
    const Indicator* indicator = current->Find(after.indicator);
    notify::StagedNotifications staged =
        notifier.StageForAlert(after, indicator != nullptr ? indicator->owner_group : std::string(),
                               MailContext(after, indicator, observations), batch);
    for (const std::string& group : staged.unknown_groups) {
      spdlog::warn("notify: alert {} names recipient group '{}', which is not configured", after.id, group);
    }
    for (AuditEvent& event : staged.events) events.push_back(std::move(event));
  };
}

}  // namespace kpiwatch::daemon
