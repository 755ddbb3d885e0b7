// POST /v1/admin/backup (admin): a RocksDB checkpoint of the whole database.
#include <boost/json.hpp>

#include "daemon/api/json_helpers.h"
#include "daemon/api/routes.h"
#include "daemon/http/responses.h"

namespace kpiwatch::daemon {
namespace {

// The optional {"dir": "/absolute/path"} of the request; an empty body means the default.
Result<std::optional<std::filesystem::path>> BackupDir(const http::Request& request) {
  if (request.body.find_first_not_of(" \t\r\n") == std::string::npos) return std::optional<std::filesystem::path>();
  Result<boost::json::value> body = ParseJsonBody(request);
  if (!body.ok()) return body.status();
  const boost::json::object* object = body->if_object();
  if (object == nullptr) return Status::InvalidArgument("the body must be a JSON object like {\"dir\": \"/backups/x\"}");
  for (const auto& member : *object) {
    if (member.key() != "dir") {
      return Status::InvalidArgument("unknown field in backup request",
                                     {{.field = std::string(member.key()), .reason = "only \"dir\" is allowed"}});
    }
  }
  const boost::json::value* dir = object->if_contains("dir");
  if (dir == nullptr || dir->is_null()) return std::optional<std::filesystem::path>();
  if (!dir->is_string() || dir->as_string().empty()) {
    return Status::InvalidArgument("bad backup request", {{.field = "dir", .reason = "must be a non-empty string"}});
  }
  return std::optional<std::filesystem::path>(std::string(dir->as_string()));
}

}  // namespace

void AddAdminRoutes(http::Router& router, Services& services) {
  router.Add("POST", "/v1/admin/backup",
             Protect(services.access, services.audit, {Role::kAdmin},
                     [&services](const http::Request& request, const Principal& principal) {
                       Result<std::optional<std::filesystem::path>> dir = BackupDir(request);
                       if (!dir.ok()) return http::ErrorResponse(dir.status());
                       Result<BackupReport> report = services.backup.Backup(*dir, principal.name);
                       if (!report.ok()) return http::ErrorResponse(report.status());
                       return http::JsonResponse(201, boost::json::object{{"dir", report->dir.string()},
                                                                          {"audit_seq", report->audit_seq},
                                                                          {"bytes", report->bytes}});
                     }));
}

}  // namespace kpiwatch::daemon
