#include "daemon/store/database.h"

#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/checkpoint.h>

namespace kpiwatch::store {
namespace {

constexpr Family kAllFamilies[] = {Family::kIndicators, Family::kPoints,     Family::kRevisions,
                                   Family::kSamples,    Family::kAlerts,     Family::kAlertIndex,
                                   Family::kAudit,      Family::kOutbox,     Family::kRules,
                                   Family::kMeta,       Family::kSilences,
                                   Family::kDetectorState};

// Options for the write pattern of kpiwatch: batches of thousands of small keys that
// are mostly new (so bloom filters make the restatement look-ups cheap), read back as
// range scans per series.
rocksdb::ColumnFamilyOptions FamilyOptions(const DatabaseOptions& options,
                                           const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::ColumnFamilyOptions family;
  family.OptimizeLevelStyleCompaction(options.write_buffer_mb << 20);
  family.write_buffer_size = options.write_buffer_mb << 20;
  family.max_write_buffer_number = 4;
  family.compression = rocksdb::kLZ4Compression;
  // Most keys of a batch are new: a whole-key bloom filter on the memtable answers the
  // restatement look-ups for them without walking the skip list.
  family.memtable_whole_key_filtering = true;
  family.memtable_prefix_bloom_size_ratio = 0.05;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10, false));
  table.whole_key_filtering = true;
  family.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return family;
}

}  // namespace

const char* FamilyName(Family family) {
  switch (family) {
    case Family::kIndicators: return "indicators";
    case Family::kPoints: return "points";
    case Family::kRevisions: return "revisions";
    case Family::kSamples: return "samples";
    case Family::kAlerts: return "alerts";
    case Family::kAlertIndex: return "alerts_by_indicator";
    case Family::kAudit: return "audit";
    case Family::kOutbox: return "outbox";
    case Family::kRules: return "rules";
    case Family::kMeta: return "meta";
    case Family::kSilences: return "silences";
    case Family::kDetectorState: return "detector_state";
  }
  return "meta";
}

Status FromRocksDb(const rocksdb::Status& status, const std::string& context) {
  if (status.ok()) return Status::Ok();
  std::string message = context + ": " + status.ToString();
  if (status.IsCorruption()) {
    return Status(StatusCode::kCorruption,
                  message + " (the database is damaged: restore a backup, see docs/operations.md)");
  }
  if (status.IsNotFound()) return Status(StatusCode::kNotFound, message);
  if (status.IsBusy() || status.IsTryAgain() || status.IsTimedOut()) {
    return Status(StatusCode::kUnavailable, message);
  }
  if (status.IsNoSpace()) {
    return Status(StatusCode::kUnavailable,
                  message + " (the disk of the data dir is full: nothing was stored; free space and retry)");
  }
  if (status.IsIOError() && status.ToString().find("Read-only file system") != std::string::npos) {
    return Status(StatusCode::kIoError,
                  message + " (the data dir is on a read-only file system: nothing was stored; reads still work)");
  }
  if (status.IsIOError() && status.ToString().find("lock") != std::string::npos) {
    return Status(StatusCode::kUnavailable, message + " (is another kpiwatchd using this data dir?)");
  }
  return Status(StatusCode::kIoError, message);
}

Result<std::unique_ptr<Database>> Database::Open(const DatabaseOptions& options) {
  std::error_code error;
  std::filesystem::create_directories(options.path, error);
  if (error) {
    return Status::IoError("cannot create data directory " + options.path.string() + ": " +
                           error.message());
  }
  auto cache = rocksdb::NewLRUCache(options.block_cache_mb << 20);
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.paranoid_checks = true;
  db_options.IncreaseParallelism(2);
  db_options.max_open_files = 512;
  db_options.keep_log_file_num = 5;
  // Every batch also writes the small families (audit, meta, ...), whose memtables fill
  // slowly and so keep old write-ahead log files alive: left alone the log grew to 742 MB
  // over 10 million observations, and a start after a crash replayed it for 5 s. Past
  // this total RocksDB flushes the families that hold the oldest log, which bounds the
  // replay (store_scale_bench measures the start after a crash).
  db_options.max_total_wal_size = options.write_buffer_mb << 20;
  // Replayed batches stay in the memtables (and their log files stay until the next
  // flush) instead of being written out as small tables before the daemon can serve.
  db_options.avoid_flush_during_recovery = true;
  // With a WAL fsynced per batch, only the last record can be torn by a crash (and it was
  // never acknowledged): tolerate that, but refuse to open on damage anywhere else rather
  // than silently dropping acknowledged batches after it. Without fsync a power cut can
  // lose more of the tail, so recover to the last intact record.
  db_options.wal_recovery_mode = options.sync_writes ? rocksdb::WALRecoveryMode::kTolerateCorruptedTailRecords
                                                     : rocksdb::WALRecoveryMode::kPointInTimeRecovery;
  std::unique_ptr<rocksdb::Env> env;
  if (options.file_system) {
    env = rocksdb::NewCompositeEnv(options.file_system);
    db_options.env = env.get();
  }

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, FamilyOptions(options, cache));
  for (Family family : kAllFamilies) {
    descriptors.emplace_back(FamilyName(family), FamilyOptions(options, cache));
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status status =
      rocksdb::DB::Open(db_options, options.path.string(), descriptors, &handles, &raw);
  if (!status.ok()) return FromRocksDb(status, "opening database " + options.path.string());

  std::unique_ptr<Database> database(new Database());
  database->env_ = std::move(env);
  database->db_.reset(raw);
  database->db_->DestroyColumnFamilyHandle(handles[0]);  // default family: unused
  database->handles_.assign(handles.begin() + 1, handles.end());
  database->write_options_.sync = options.sync_writes;
  return database;
}

Database::~Database() {
  if (!db_) return;
  // Flushed memtables need no write-ahead-log replay at the next open: a clean stop after
  // heavy ingest otherwise costs seconds at start-up. Best effort: the WAL is still there
  // when the flush fails (e.g. a full disk).
  rocksdb::FlushOptions flush;
  flush.wait = true;
  db_->Flush(flush, handles_).PermitUncheckedError();
  for (rocksdb::ColumnFamilyHandle* handle : handles_) db_->DestroyColumnFamilyHandle(handle);
  db_->Close();
}

rocksdb::ColumnFamilyHandle* Database::handle(Family family) const {
  return handles_[static_cast<std::size_t>(family)];
}

Status Database::Write(rocksdb::WriteBatch& batch) {
  {
    std::lock_guard lock(write_error_mutex_);
    if (write_error_) {
      // RocksDB refuses writes after a failed one until it is resumed.
      rocksdb::Status resumed = db_->Resume();
      if (!resumed.ok()) {
        return Status(write_error_->code(),
                      "storage refuses writes since an earlier write failed: " + write_error_->message() +
                          "; restart kpiwatchd once that is fixed (resume: " + resumed.ToString() + ")");
      }
      write_error_.reset();
    }
  }
  Status status = FromRocksDb(db_->Write(write_options_, &batch), "writing batch");
  if (!status.ok()) {
    std::lock_guard lock(write_error_mutex_);
    if (!write_error_) write_error_ = status;
  }
  return status;
}

Result<std::optional<std::string>> Database::Get(Family family, const std::string& key) const {
  std::string value;
  rocksdb::Status status = db_->Get(rocksdb::ReadOptions(), handle(family), key, &value);
  if (status.IsNotFound()) return std::optional<std::string>();
  if (!status.ok()) return FromRocksDb(status, std::string("reading ") + FamilyName(family));
  return std::optional<std::string>(std::move(value));
}

std::unique_ptr<rocksdb::Iterator> Database::NewIterator(Family family) const {
  return std::unique_ptr<rocksdb::Iterator>(db_->NewIterator(rocksdb::ReadOptions(), handle(family)));
}

}  // namespace kpiwatch::store

namespace kpiwatch::store {

Status Database::Checkpoint(const std::filesystem::path& dir) const {
  rocksdb::Checkpoint* raw = nullptr;
  if (Status created = FromRocksDb(rocksdb::Checkpoint::Create(db_.get(), &raw), "preparing a checkpoint");
      !created.ok()) {
    return created;
  }
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  return FromRocksDb(checkpoint->CreateCheckpoint(dir.string()), "writing a checkpoint to " + dir.string());
}

}  // namespace kpiwatch::store
