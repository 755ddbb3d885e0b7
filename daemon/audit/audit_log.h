// AuditLog: the append-only, hash-chained record of everything that changes state.
//
// Every ingest batch, restatement, catalogue change, rule-set version, alert creation and
// transition, silence, notification and refused request is one record in the `audit`
// column family under its big-endian seq. Each record holds seq, time, actor, kind,
// payload, prev_hash and hash = SHA-256(prev_hash || canonical JSON of the record without
// its hash) (OpenSSL), hex encoded; the first record's prev_hash is 64 zeros.
//
// Commit() is the one way services write: it stages the records into the caller's
// WriteBatch (which already holds the change they record), writes the batch, and only
// then advances the chain, so a change and its audit record are stored whole or not at
// all. Commits are serialised; a caller may hold its own lock while committing (lock
// order: service lock, then the audit lock; the audit log never calls back).
#pragma once

#include <rocksdb/write_batch.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "daemon/clock.h"
#include "daemon/store/database.h"

namespace kpiwatch::daemon {

// What a service asks to record.
struct AuditEvent {
  std::string actor;  // token name, "kpiwatchd", "spool", "catalogue-file", ...
  std::string kind;   // "ingest", "restatement", "indicator", "rules", "alert.raise", ...
  boost::json::object payload;
};

// A stored record.
struct AuditRecord {
  std::uint64_t seq = 0;  // 1, 2, 3, ...
  std::chrono::sys_seconds time{};
  std::string actor;
  std::string kind;
  boost::json::object payload;
  std::string prev_hash;  // hex
  std::string hash;       // hex
};

struct AuditVerification {
  std::uint64_t records = 0;  // records checked
  bool ok = true;
  std::uint64_t first_broken_seq = 0;  // when !ok
  std::string reason;                  // when !ok: "hash mismatch", "prev_hash ...", "seq gap"
};

class AuditLog {
 public:
  AuditLog(store::Database& database, const Clock& clock);

  // Reads the last record (seq and hash); call once before Commit.
  Status Start();

  // Adds `events` (in order, with the next seqs) to `batch`, writes it, then advances
  // the chain. On a write error nothing is stored and the chain stays where it was.
  // An empty `events` just writes the batch.
  Status Commit(rocksdb::WriteBatch& batch, const std::vector<AuditEvent>& events);

  // Records with seq >= from_seq (and of `kind` when given; a kind "alert" also matches
  // "alert.raise" etc.), at most `limit`, in seq order.
  Result<std::vector<AuditRecord>> Read(std::uint64_t from_seq, const std::optional<std::string>& kind,
                                        std::size_t limit) const;

  // Records (of `kind`, as in Read) written at or after `since`, oldest first. Reads back
  // from the newest record and stops at the first older one, so the cost is that of the
  // last stretch of the log, not of the whole log.
  Result<std::vector<AuditRecord>> ReadSince(std::chrono::sys_seconds since,
                                             const std::optional<std::string>& kind) const;

  // Recomputes the whole chain from the stored records and reports the first record whose
  // seq, prev_hash or hash does not match.
  Result<AuditVerification> Verify() const;

  std::uint64_t last_seq() const;

 private:
  store::Database& database_;
  const Clock& clock_;
  mutable std::mutex mutex_;  // serialises Commit; guards last_seq_/last_hash_
  std::uint64_t last_seq_ = 0;
  std::string last_hash_;
};

// The record as JSON: {"seq","time","actor","kind","payload","prev_hash","hash"}.
boost::json::object AuditRecordToJson(const AuditRecord& record);

}  // namespace kpiwatch::daemon
