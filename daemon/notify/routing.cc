#include "daemon/notify/routing.h"

#include <algorithm>

namespace kpiwatch::notify {

Routing RouteAlert(const std::vector<std::string>& rule_groups, const std::string& owner_group,
                   Severity severity, const NotifyConfig& config) {
  std::vector<std::string> names = rule_groups;
  if (!owner_group.empty()) names.push_back(owner_group);
  Routing routing;
  std::vector<std::string> seen;
  for (const auto& name : names) {
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) continue;
    seen.push_back(name);
    const RecipientGroup* group = config.FindGroup(name);
    if (group == nullptr) {
      routing.unknown_groups.push_back(name);
    } else if (severity >= group->min_severity) {
      routing.groups.push_back(group);
    }
  }
  return routing;
}

bool ShouldNotify(const Alert* before, const Alert& after) {
  if (after.status == AlertStatus::kSilenced) return false;
  if (before == nullptr) return true;
  return after.severity > before->severity;
}

Delivery ChooseDelivery(const RecipientGroup& group, int sent_in_last_hour) {
  if (group.mode == DeliveryMode::kDigest) return Delivery::kDigest;
  return sent_in_last_hour >= group.hourly_cap ? Delivery::kDigest : Delivery::kImmediate;
}

std::chrono::sys_seconds DigestFlushTime(const RecipientGroup& group,
                                         std::chrono::sys_seconds now) {
  using std::chrono::hours;
  if (group.mode == DeliveryMode::kImmediate) return std::chrono::floor<hours>(now) + hours(1);
  auto day = std::chrono::floor<std::chrono::days>(now);
  std::chrono::sys_seconds today = day + group.digest_at;
  return today > now ? today : today + std::chrono::days(1);
}

int HourlyCap::SentInLastHour(const std::string& group, std::chrono::sys_seconds now) {
  std::lock_guard lock(mutex_);
  auto& sends = sends_[group];
  while (!sends.empty() && sends.front() <= now - std::chrono::hours(1)) sends.pop_front();
  return static_cast<int>(sends.size());
}

void HourlyCap::RecordSend(const std::string& group, std::chrono::sys_seconds now) {
  std::lock_guard lock(mutex_);
  sends_[group].push_back(now);
}

}  // namespace kpiwatch::notify
