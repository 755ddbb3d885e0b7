// OutboxStore: pending e-mail in the `outbox` column family, so no message is lost to a
// crash or a mail server that is down.
//
// Keys (docs/notifications.md, docs/storage-format.md):
//   'm' + big-endian u64 seq -> OutboxMessage as JSON   (a message waiting to be sent)
//   'd' + big-endian u64 seq -> DigestItem as JSON      (an alert waiting for a digest)
//   'n'                      -> big-endian u64 next seq (high-water mark)
// Messages and digest items share one sequence. A message is staged into the same
// WriteBatch as the alert that causes it and removed only after the transport accepted
// it. Thread-safe: the sequence counter has its own lock; RocksDB does the rest.
#pragma once

#include <rocksdb/write_batch.h>

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "daemon/notify/digest_message.h"
#include "daemon/notify/outgoing_mail.h"
#include "daemon/store/database.h"

namespace kpiwatch::notify {

struct OutboxMessage {
  std::uint64_t seq = 0;
  std::string group;                     // recipient group
  std::vector<std::uint64_t> alert_ids;  // one for an alert message, several for a digest
  OutgoingMail mail;
  int attempts = 0;  // failed sends so far
  std::chrono::sys_seconds first_queued_at{};
  std::chrono::sys_seconds next_attempt_at{};
  std::string last_error;  // of the last failed attempt
};

struct DigestItem {
  std::uint64_t seq = 0;
  std::string group;
  DigestEntry entry;
  std::chrono::sys_seconds queued_at{};
  std::chrono::sys_seconds flush_at{};  // when the group's next digest goes out
};

boost::json::object OutboxMessageToJson(const OutboxMessage& message);
Result<OutboxMessage> OutboxMessageFromJson(const boost::json::value& json);
boost::json::object DigestItemToJson(const DigestItem& item);
Result<DigestItem> DigestItemFromJson(const boost::json::value& json);

class OutboxStore {
 public:
  explicit OutboxStore(store::Database& database);

  // Reads the next sequence number (the stored high-water mark, or one past the highest
  // stored key, whichever is larger). Call once before anything else.
  Status Load();

  // Takes the next sequence number and stages the new high-water mark into `batch`.
  // Batches written out of allocation order may store a lower mark; Load() also looks at
  // the stored keys, so a seq still in the outbox is never handed out again.
  std::uint64_t AllocateSeq(rocksdb::WriteBatch& batch);

  // Stage writes into the caller's batch (nothing is stored until it is written).
  void StageMessage(rocksdb::WriteBatch& batch, const OutboxMessage& message);
  void StageDigestItem(rocksdb::WriteBatch& batch, const DigestItem& item);
  void StageRemoveMessage(rocksdb::WriteBatch& batch, std::uint64_t seq);
  void StageRemoveDigestItem(rocksdb::WriteBatch& batch, std::uint64_t seq);

  // Every stored message / digest item in seq order. kCorruption naming the seq when a
  // stored value cannot be read.
  Result<std::vector<OutboxMessage>> Messages() const;
  Result<std::vector<DigestItem>> DigestItems() const;

  store::Database& database() { return database_; }

 private:
  store::Database& database_;
  std::mutex mutex_;  // guards next_seq_
  std::uint64_t next_seq_ = 1;
};

}  // namespace kpiwatch::notify
