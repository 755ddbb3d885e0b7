#include "daemon/admin/backup_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "rules/formats/timestamp.h"

namespace kpiwatch::daemon {
namespace {

std::uint64_t DirectoryBytes(const std::filesystem::path& dir) {
  std::uint64_t bytes = 0;
  std::error_code error;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir, error)) {
    if (entry.is_regular_file(error)) bytes += entry.file_size(error);
  }
  return bytes;
}

// Checks a caller's directory: absolute, not there yet, parent there.
Status CheckTarget(const std::filesystem::path& dir) {
  if (!dir.is_absolute()) {
    return Status::InvalidArgument("the backup directory must be an absolute path on the daemon's host",
                                   {{.field = "dir", .reason = "got '" + dir.string() + "'"}});
  }
  std::error_code error;
  if (std::filesystem::exists(dir, error)) {
    return Status(StatusCode::kAlreadyExists, "backup directory " + dir.string() +
                                                  " already exists; a backup never overwrites, name a new one");
  }
  if (!std::filesystem::is_directory(dir.parent_path(), error)) {
    return Status::NotFound("the parent of the backup directory, " + dir.parent_path().string() +
                            ", does not exist on the daemon's host");
  }
  return Status::Ok();
}

}  // namespace

BackupService::BackupService(store::Database& database, AuditLog& audit, const Clock& clock,
                             std::filesystem::path data_dir)
    : database_(database), audit_(audit), clock_(clock), data_dir_(std::move(data_dir)) {}

std::filesystem::path BackupService::DefaultDir(std::chrono::sys_seconds time) const {
  std::string name = FormatTimestamp(time);  // 2026-12-02T16:45:00Z -> 20261202T164500Z
  name.erase(std::remove_if(name.begin(), name.end(), [](char c) { return c == '-' || c == ':'; }), name.end());
  return data_dir_ / "backups" / name;
}

Result<BackupReport> BackupService::Backup(const std::optional<std::filesystem::path>& dir,
                                           const std::string& actor) {
  std::lock_guard lock(mutex_);
  std::filesystem::path target;
  if (dir) {
    target = dir->lexically_normal();
    if (!target.has_filename()) target = target.parent_path();  // "/x/y/" -> "/x/y"
    if (Status checked = CheckTarget(target); !checked.ok()) return checked;
  } else {
    std::filesystem::path base = DefaultDir(clock_.Now());
    target = base;
    std::error_code error;
    for (int suffix = 2; std::filesystem::exists(target, error); ++suffix) {
      target = base.string() + "-" + std::to_string(suffix);  // two backups in one second
    }
  }
  std::error_code error;
  std::filesystem::create_directories(target, error);
  if (error) return Status::IoError("cannot create backup directory " + target.string() + ": " + error.message());

  BackupReport report;
  report.dir = target;
  report.audit_seq = audit_.last_seq();
  if (Status written = database_.Checkpoint(target / "db"); !written.ok()) {
    std::filesystem::remove_all(target, error);
    return written;
  }
  report.bytes = DirectoryBytes(target / "db");

  rocksdb::WriteBatch batch;
  AuditEvent event{actor, "backup",
                   {{"dir", target.string()}, {"audit_seq", report.audit_seq}, {"bytes", report.bytes}}};
  if (Status audited = audit_.Commit(batch, {event}); !audited.ok()) {
    // The backup is complete and usable; only its record is missing. Say so, keep it.
    spdlog::error("backup: written to {} but not audited: {}", target.string(), audited.ToString());
    return audited;
  }
  spdlog::info("backup: {} ({} bytes, audit records up to {}) by {}", target.string(), report.bytes,
               report.audit_seq, actor);
  return report;
}

}  // namespace kpiwatch::daemon
