// The AlertChangeHook that turns new alerts (and severity rises) into e-mails: it reads
// the indicator from the catalogue and its recent values from the points store, and has
// the Notifier stage the messages into the alert's own WriteBatch.
#pragma once

#include "daemon/alerts/alert_service.h"
#include "daemon/catalogue/catalogue_service.h"
#include "daemon/notify/notifier.h"
#include "daemon/store/observation_store.h"

namespace kpiwatch::daemon {

// How many recent values a message shows.
inline constexpr std::size_t kRecentValuesInMail = 12;

// All three must outlive the hook. Changes ShouldNotify rejects stage nothing.
AlertChangeHook NotifyOnAlertChange(notify::Notifier& notifier, const CatalogueService& catalogue,
                                    const store::ObservationStore& observations);

}  // namespace kpiwatch::daemon
