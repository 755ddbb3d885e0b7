// Who gets a message for an alert, immediately or in a digest, and when not at all.
//
// Pure functions plus HourlyCap, the one piece of state (sends per group in the last
// hour, in memory; on start the daemon refills it from the audit log, see
// Notifier::RestoreHourlyCap).
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "daemon/notify/notify_config.h"
#include "rules/domain/alert.h"

namespace kpiwatch::notify {

struct Routing {
  std::vector<const RecipientGroup*> groups;  // pointers into the NotifyConfig
  std::vector<std::string> unknown_groups;    // named but not configured (worth a warning)
};

// The rule's notify groups, then the indicator's owner group (when set), without
// duplicates, keeping those whose min_severity the alert's severity reaches.
Routing RouteAlert(const std::vector<std::string>& rule_groups, const std::string& owner_group,
                   Severity severity, const NotifyConfig& config);

// Whether a change to an alert deserves a message: a new alert (`before` null) that is
// not silenced, or a severity rise of a not silenced alert. Evidence updates, status
// changes and severity drops do not.
bool ShouldNotify(const Alert* before, const Alert& after);

enum class Delivery { kImmediate, kDigest };

// How a group gets the next alert: its mode, except that an immediate group that has
// sent `sent_in_last_hour` >= hourly_cap messages switches to digest.
Delivery ChooseDelivery(const RecipientGroup& group, int sent_in_last_hour);

// When a digest item queued at `now` goes out: for a digest-mode group the next
// digest_at (UTC) strictly after `now`; for an immediate group over its cap the start of
// the next hour.
std::chrono::sys_seconds DigestFlushTime(const RecipientGroup& group, std::chrono::sys_seconds now);

// Sends per group in a sliding hour. Thread-safe.
class HourlyCap {
 public:
  // Immediate messages recorded for `group` in (now - 1 h, now].
  int SentInLastHour(const std::string& group, std::chrono::sys_seconds now);
  void RecordSend(const std::string& group, std::chrono::sys_seconds now);

 private:
  std::mutex mutex_;
  std::map<std::string, std::deque<std::chrono::sys_seconds>> sends_;
};

}  // namespace kpiwatch::notify
