// Database: the one RocksDB database of kpiwatchd and its column families.
//
// Owns the rocksdb::DB and the column-family handles; closes them cleanly on
// destruction. Stores (indicator_store, observation_store, ...) build WriteBatches
// against it; a batch is written whole or not at all (WAL on, fsync per batch unless
// sync_writes is off). RocksDB statuses become kpiwatch Status values here.
#pragma once

#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/file_system.h>
#include <rocksdb/write_batch.h>

#include <mutex>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "detectors/core/status.h"

namespace kpiwatch::store {

enum class Family {
  kIndicators,  // indicator id -> current definition (JSON); id\0 + version -> old versions
  kPoints,      // PointKey -> current value (see point_codec.h)
  kRevisions,   // RevisionKey -> replaced value and when it was replaced
  kSamples,     // event-level values
  kAlerts,      // big-endian alert id -> alert (JSON, rules/formats/alert_json.h)
  kAlertIndex,  // "i" indicator\0unit\0id and "d" dedup key\0id -> "" (see alert_store.h)
  kAudit,       // big-endian seq -> audit record (hash chained)
  kOutbox,      // pending e-mail
  kRules,       // big-endian rule-set version -> version record (JSON)
  kMeta,        // counters: next batch id, schema version
  kSilences,    // big-endian silence id -> silence (JSON)
  kDetectorState,  // rule\0indicator\0unit -> incremental detector state (detector_state_store.h)
};

// The column family's name in RocksDB.
const char* FamilyName(Family family);

struct DatabaseOptions {
  std::filesystem::path path;   // directory of the database (created when missing)
  bool sync_writes = true;      // fsync the WAL on every write batch
  std::size_t block_cache_mb = 64;
  std::size_t write_buffer_mb = 64;  // memtable size of each family
  // The file system RocksDB works on; null = the operating system's. Tests pass one that
  // fails writes like a full or read-only disk (tests/support/faulty_file_system.h).
  std::shared_ptr<rocksdb::FileSystem> file_system;
};

class Database {
 public:
  // Opens (creating when missing) the database with every column family. A damaged
  // database gives kCorruption with RocksDB's message; a locked one (another daemon on
  // the same data dir) kUnavailable.
  static Result<std::unique_ptr<Database>> Open(const DatabaseOptions& options);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  rocksdb::ColumnFamilyHandle* handle(Family family) const;
  rocksdb::DB* db() const { return db_.get(); }

  // Writes the batch atomically with the configured durability. A failed write (disk
  // full, read-only or failing file system) stores nothing and puts RocksDB in its
  // read-only error state, in which reads keep working. The next Write tries to resume;
  // after a failed WAL write RocksDB does not allow that (a torn WAL record must not be
  // followed by acknowledged ones), so writes keep failing, with the first failure's
  // cause, until kpiwatchd is restarted. Errors: kUnavailable for a full disk, kIoError
  // otherwise, both saying what to fix.
  Status Write(rocksdb::WriteBatch& batch);
  // The value under `key`, nullopt when absent.
  Result<std::optional<std::string>> Get(Family family, const std::string& key) const;
  // An iterator over one family (caller positions it).
  std::unique_ptr<rocksdb::Iterator> NewIterator(Family family) const;
  // A consistent copy of the whole database (every family) in `dir`, which must not
  // exist yet (its parent must): a RocksDB checkpoint, hard links where `dir` is on the
  // same file system, copies otherwise. Writes may go on meanwhile.
  Status Checkpoint(const std::filesystem::path& dir) const;

 private:
  Database() = default;
  std::unique_ptr<rocksdb::Env> env_;  // only with options.file_system; outlives db_
  std::unique_ptr<rocksdb::DB> db_;
  std::mutex write_error_mutex_;
  std::optional<Status> write_error_;  // the first failed write since the last good one
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // indexed by Family
  rocksdb::WriteOptions write_options_;
};

// Converts a RocksDB status, prefixing `context` ("writing batch 12: ..."). A full disk is
// kUnavailable (HTTP 503: retry once space is freed), corruption kCorruption with a hint
// to restore a backup.
Status FromRocksDb(const rocksdb::Status& status, const std::string& context);

}  // namespace kpiwatch::store
