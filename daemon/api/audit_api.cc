// GET /v1/audit?from_seq=&kind=&limit=, GET /v1/audit/verify (auditor).
#include <boost/json.hpp>
#include <charconv>

#include "daemon/api/routes.h"
#include "daemon/http/responses.h"

namespace kpiwatch::daemon {
namespace {

constexpr std::uint64_t kDefaultLimit = 100;
constexpr std::uint64_t kMaxLimit = 1000;

// A whole-number query parameter in [min, max], `fallback` when absent or empty.
Result<std::uint64_t> NumberQuery(const http::Request& request, const std::string& name,
                                  std::uint64_t fallback, std::uint64_t min, std::uint64_t max) {
  auto found = request.query.find(name);
  if (found == request.query.end() || found->second.empty()) return fallback;
  const std::string& text = found->second;
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return Status::InvalidArgument(
        "bad query parameter '" + name + "'",
        {{.field = name,
          .reason = "must be a whole number from " + std::to_string(min) + " to " +
                    std::to_string(max) + " (got '" + text + "')"}});
  }
  return value;
}

http::Response ListAudit(Services& services, const http::Request& request) {
  Result<std::uint64_t> from_seq = NumberQuery(request, "from_seq", 1, 0, UINT64_MAX);
  if (!from_seq.ok()) return http::ErrorResponse(from_seq.status());
  Result<std::uint64_t> limit = NumberQuery(request, "limit", kDefaultLimit, 1, kMaxLimit);
  if (!limit.ok()) return http::ErrorResponse(limit.status());
  std::optional<std::string> kind;
  if (auto found = request.query.find("kind");
      found != request.query.end() && !found->second.empty()) {
    kind = found->second;
  }
  Result<std::vector<AuditRecord>> records = services.audit.Read(*from_seq, kind, *limit);
  if (!records.ok()) return http::ErrorResponse(records.status());
  boost::json::array list;
  for (const AuditRecord& record : *records) list.push_back(AuditRecordToJson(record));
  // A full page may have a next one; a short page reached the end of the log.
  boost::json::value next_seq = nullptr;
  if (records->size() == *limit) next_seq = records->back().seq + 1;
  return http::JsonResponse(
      200, boost::json::object{{"records", std::move(list)}, {"next_seq", next_seq}});
}

http::Response VerifyAudit(Services& services) {
  Result<AuditVerification> verification = services.audit.Verify();
  if (!verification.ok()) return http::ErrorResponse(verification.status());
  boost::json::value first_broken = nullptr;
  if (!verification->ok) first_broken = verification->first_broken_seq;
  return http::JsonResponse(200, boost::json::object{{"ok", verification->ok},
                                                     {"records", verification->records},
                                                     {"first_broken_seq", first_broken},
                                                     {"reason", verification->reason}});
}

}  // namespace

void AddAuditRoutes(http::Router& router, Services& services) {
  router.Add("GET", "/v1/audit",
             Protect(services.access, services.audit, {Role::kAuditor},
                     [&services](const http::Request& request, const Principal&) {
                       return ListAudit(services, request);
                     }));
  router.Add("GET", "/v1/audit/verify",
             Protect(services.access, services.audit, {Role::kAuditor},
                     [&services](const http::Request&, const Principal&) {
                       return VerifyAudit(services);
                     }));
}

}  // namespace kpiwatch::daemon
