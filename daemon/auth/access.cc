#include "daemon/auth/access.h"

#include <openssl/crypto.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "daemon/http/responses.h"
#include "daemon/text_file.h"
#include "rules/formats/catalogue_parser.h"

namespace kpiwatch::daemon {
namespace {

// Why a request was refused, for the response and the audit record.
struct Refusal {
  int status = 401;
  std::string reason;      // "missing bearer token", "unknown token", "needs the role ..."
  std::string token_name;  // when the token was valid
};

// "needs the role ingest", "needs one of the roles steward, controller".
std::string NeededRoles(const std::vector<Role>& roles) {
  std::string names;
  for (Role role : roles) names += (names.empty() ? "" : ", ") + std::string(RoleName(role));
  return (roles.size() == 1 ? "needs the role " : "needs one of the roles ") + names;
}

http::Response RefusalResponse(const http::Request& request, const Refusal& refusal) {
  if (refusal.status == 401) {
    http::Response response = http::ErrorResponse(Status(
        StatusCode::kUnauthenticated, refusal.reason + ": send Authorization: Bearer <token>"));
    bool sent_a_token = refusal.reason != "missing bearer token";
    response.headers.emplace_back(
        "WWW-Authenticate", sent_a_token ? R"(Bearer realm="kpiwatchd", error="invalid_token")"
                                         : R"(Bearer realm="kpiwatchd")");
    return response;
  }
  return http::ErrorResponse(
      Status(StatusCode::kPermissionDenied, "'" + refusal.token_name + "' " + refusal.reason +
                                                " to " + request.method + " " + request.path));
}

void AuditRefusal(AuditLog& audit, const http::Request& request, const Refusal& refusal) {
  boost::json::object payload = {{"method", request.method},
                                 {"path", request.path},
                                 {"reason", refusal.reason},
                                 {"remote_address", request.remote_address}};
  if (!refusal.token_name.empty()) payload["token_name"] = refusal.token_name;
  AuditEvent event{refusal.token_name.empty() ? "anonymous" : refusal.token_name, "auth.denied",
                   std::move(payload)};
  rocksdb::WriteBatch batch;
  Status recorded = audit.Commit(batch, {event});
  spdlog::warn("auth: refused {} {} from {}{}: {}{}", request.method, request.path,
               request.remote_address.empty() ? "?" : request.remote_address,
               refusal.token_name.empty() ? "" : " (" + refusal.token_name + ")", refusal.reason,
               recorded.ok() ? "" : " (not audited: " + recorded.message() + ")");
}

}  // namespace

Result<AccessControl> AccessControl::Load(const std::optional<std::filesystem::path>& tokens_file) {
  if (!tokens_file) return AccessControl();
  Result<std::string> text = ReadTextFile(*tokens_file, "tokens file");
  if (!text.ok()) return text.status();
  Result<std::vector<TokenEntry>> tokens = ParseTokensYaml(*text, tokens_file->string());
  if (!tokens.ok()) {
    return Status(tokens.status().code(), "tokens file " + tokens_file->string() + " rejected:\n" +
                                              RenderErrorsWithSource(tokens.status(), *text));
  }
  return WithTokens(std::move(*tokens));
}

AccessControl AccessControl::WithTokens(std::vector<TokenEntry> tokens) {
  AccessControl access;
  access.enabled_ = true;
  access.tokens_ = std::move(tokens);
  return access;
}

Result<Principal> AccessControl::Authenticate(const http::Request& request) const {
  if (!enabled_) return Principal{"local", {Role::kAdmin}};
  std::optional<std::string> token = request.BearerToken();
  if (!token) return Status(StatusCode::kUnauthenticated, "missing bearer token");
  Sha256Digest digest = Sha256(*token);
  const TokenEntry* match = nullptr;
  for (const TokenEntry& entry : tokens_) {
    if (CRYPTO_memcmp(entry.sha256.data(), digest.data(), digest.size()) == 0) match = &entry;
  }
  if (match == nullptr) return Status(StatusCode::kUnauthenticated, "unknown token");
  return Principal{match->name, match->roles};
}

bool AccessControl::Allows(const Principal& principal, const std::string& method,
                           const std::vector<Role>& allowed) {
  if (principal.Has(Role::kAdmin)) return true;
  if (method == "GET" && principal.Has(Role::kAuditor)) return true;
  return std::any_of(allowed.begin(), allowed.end(),
                     [&](Role role) { return principal.Has(role); });
}

http::Handler Protect(const AccessControl& access, AuditLog& audit, std::vector<Role> allowed,
                      ProtectedHandler handler) {
  return [&access, &audit, allowed = std::move(allowed),
          handler = std::move(handler)](const http::Request& request) {
    Result<Principal> principal = access.Authenticate(request);
    std::optional<Refusal> refusal;
    if (!principal.ok()) {
      refusal = Refusal{401, principal.status().message(), ""};
    } else if (!AccessControl::Allows(*principal, request.method, allowed)) {
      refusal = Refusal{403, NeededRoles(allowed), principal->name};
    }
    if (refusal) {
      AuditRefusal(audit, request, *refusal);
      return RefusalResponse(request, *refusal);
    }
    return handler(request, *principal);
  };
}

}  // namespace kpiwatch::daemon
