// The tokens file: who may call kpiwatchd, by bearer token, with which roles.
//
//   tokens:
//     - name: alice                 # shown in the audit log as the actor
//       sha256: 5e88...42d8         # SHA-256 of the token, 64 hex digits
//       roles: [controller]         # ingest, steward, controller, auditor, admin
//
// The file holds only hashes: a token is made with e.g. `openssl rand -hex 32` and its
// hash with `printf %s "$TOKEN" | sha256sum`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "daemon/audit/sha256.h"
#include "daemon/auth/roles.h"
#include "detectors/core/status.h"

namespace kpiwatch::daemon {

struct TokenEntry {
  std::string name;
  Sha256Digest sha256{};  // of the token text
  std::vector<Role> roles;
};

// Parses a tokens file. Every error is reported at once (InvalidArgument, one
// ErrorDetail each with file = `file_name`, 1-based line and column, field): YAML syntax,
// a top level other than `tokens:` (a list, possibly empty), an entry that is not a map,
// an unknown field (with "did you mean"), a missing or empty name, sha256 or roles, a
// name other than letters, digits and . _ @ -, a duplicate name, a sha256 that is not 64
// hex digits or is another entry's too, an unknown role.
Result<std::vector<TokenEntry>> ParseTokensYaml(std::string_view text, std::string_view file_name);

}  // namespace kpiwatch::daemon
