#include "daemon/auth/roles.h"

#include <algorithm>

#include "detectors/core/params.h"

namespace kpiwatch::daemon {

const char* RoleName(Role role) {
  switch (role) {
    case Role::kIngest:
      return "ingest";
    case Role::kSteward:
      return "steward";
    case Role::kController:
      return "controller";
    case Role::kAuditor:
      return "auditor";
    case Role::kAdmin:
      return "admin";
  }
  return "admin";
}

const std::vector<Role>& AllRoles() {
  static const std::vector<Role> roles = {Role::kIngest, Role::kSteward, Role::kController,
                                          Role::kAuditor, Role::kAdmin};
  return roles;
}

Result<Role> ParseRole(std::string_view name) {
  std::vector<std::string> names;
  for (Role role : AllRoles()) {
    if (name == RoleName(role)) return role;
    names.push_back(RoleName(role));
  }
  std::string reason = "unknown role '" + std::string(name) +
                       "' (allowed: ingest, steward, controller, auditor, admin)";
  if (std::string closest = ClosestName(name, names); !closest.empty())
    reason += "; did you mean '" + closest + "'?";
  return Status::InvalidArgument(reason);
}

bool Principal::Has(Role role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

}  // namespace kpiwatch::daemon
