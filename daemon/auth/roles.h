// Roles and principals: who a request acts for, and what that principal may do.
//
// ingest: POST observations. steward: declare indicators, upload and test rules.
// controller: acknowledge, interpret and close alerts. auditor: read everything,
// including the audit log. admin: everything.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "detectors/core/status.h"

namespace kpiwatch::daemon {

enum class Role { kIngest, kSteward, kController, kAuditor, kAdmin };

// "ingest", "steward", "controller", "auditor", "admin".
const char* RoleName(Role role);
// The role named `name`; otherwise InvalidArgument "unknown role 'x' (allowed: ...)",
// with a "did you mean" when a name is close.
Result<Role> ParseRole(std::string_view name);
// Every role, in declaration order (for routes anyone with a valid token may call).
const std::vector<Role>& AllRoles();

// Who a request acts for: a token's name and roles, or {"local", {admin}} when access
// control is off.
struct Principal {
  std::string name;
  std::vector<Role> roles;
  bool Has(Role role) const;
};

}  // namespace kpiwatch::daemon
