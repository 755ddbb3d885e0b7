// BackupService: consistent online backups of kpiwatchd's database (POST /v1/admin/backup,
// `kpiwatch admin backup`).
//
// A backup is a directory laid out like a data dir: <backup>/db is a RocksDB checkpoint
// of every column family (observations, catalogue, rules, alerts, outbox, audit, ...),
// taken while the daemon keeps running. Restore = start kpiwatchd with --data-dir on a
// copy of it (docs/operations.md). The directory is <data_dir>/backups/<UTC time> unless
// the caller names one: an absolute path on the daemon's host that must not exist yet
// (its parent must), so a backup never overwrites anything. Each backup made is an audit
// record of kind "backup" {dir, audit_seq, bytes}, written after the checkpoint (so the
// backup does not hold its own record). Backups are serialised.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>

#include "daemon/audit/audit_log.h"
#include "daemon/clock.h"
#include "daemon/store/database.h"

namespace kpiwatch::daemon {

struct BackupReport {
  std::filesystem::path dir;    // the backup; start kpiwatchd with --data-dir on a copy
  // Every audit record up to this seq (the last one when the backup started) is in the
  // backup; records committed while the checkpoint was taken may be there too.
  std::uint64_t audit_seq = 0;
  std::uint64_t bytes = 0;      // size of the files in <dir>/db
};

class BackupService {
 public:
  // `database`, `audit` and `clock` must outlive the service.
  BackupService(store::Database& database, AuditLog& audit, const Clock& clock,
                std::filesystem::path data_dir);

  // Writes a backup to `dir` (or the default, see above) and audits it as `actor`.
  // InvalidArgument for a relative `dir`, AlreadyExists when it exists, NotFound when its
  // parent does not, the store's error when the checkpoint fails (then any partial
  // directory is removed and nothing is audited).
  Result<BackupReport> Backup(const std::optional<std::filesystem::path>& dir, const std::string& actor);

  // Where a backup at `time` goes by default: <data_dir>/backups/YYYYMMDDTHHMMSSZ.
  std::filesystem::path DefaultDir(std::chrono::sys_seconds time) const;

 private:
  store::Database& database_;
  AuditLog& audit_;
  const Clock& clock_;
  std::filesystem::path data_dir_;
  std::mutex mutex_;  // one backup at a time
};

}  // namespace kpiwatch::daemon
