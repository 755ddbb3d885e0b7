// AccessControl: bearer tokens and roles in front of the /v1 routes.
//
// With a tokens file (http.tokens_file, --tokens) every protected request needs
// "Authorization: Bearer <token>" for a token whose SHA-256 is in the file; the token
// itself is never stored, logged or audited. Without one, access control is off: every
// request acts for {"local", admin}, and the daemon serves loopback only (daemon.cc).
//
// Protect() wraps a handler: a missing or unknown token is 401 (WWW-Authenticate:
// Bearer), a principal with none of the allowed roles is 403; admin is always allowed
// and an auditor may call every GET. Both refusals are audit records of kind
// "auth.denied" {method, path, reason, token_name (when known), remote_address}.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "daemon/audit/audit_log.h"
#include "daemon/auth/roles.h"
#include "daemon/auth/tokens_file.h"
#include "daemon/http/message.h"
#include "daemon/http/router.h"

namespace kpiwatch::daemon {

using ProtectedHandler = std::function<http::Response(const http::Request&, const Principal&)>;

class AccessControl {
 public:
  // No tokens file: access control off. A file: read and parsed; an unreadable file is
  // kIoError, an invalid one InvalidArgument whose message lists every error as
  // file:line:column: field: reason with the source line and a caret (the daemon
  // refuses to start).
  static Result<AccessControl> Load(const std::optional<std::filesystem::path>& tokens_file);
  // Access control on, with these tokens (what Load builds; also for tests).
  static AccessControl WithTokens(std::vector<TokenEntry> tokens);

  bool enabled() const { return enabled_; }
  std::size_t token_count() const { return tokens_.size(); }

  // The principal of the request's bearer token: kUnauthenticated "missing bearer token"
  // or "unknown token" otherwise. Off: always {"local", {admin}}. The hash of the token is
  // compared with every entry in constant time (CRYPTO_memcmp, no early exit).
  Result<Principal> Authenticate(const http::Request& request) const;

  // Whether `principal` may call a route with method `method` that allows `allowed`.
  static bool Allows(const Principal& principal, const std::string& method,
                     const std::vector<Role>& allowed);

 private:
  bool enabled_ = false;
  std::vector<TokenEntry> tokens_;
};

// The handler behind access control (see the top of this file). `access` and `audit`
// must outlive the returned handler. When auditing a refusal fails, the refusal is
// logged and still sent.
http::Handler Protect(const AccessControl& access, AuditLog& audit, std::vector<Role> allowed,
                      ProtectedHandler handler);

}  // namespace kpiwatch::daemon
