#include "daemon/audit/audit_log.h"

#include <algorithm>

#include "daemon/audit/canonical_json.h"
#include "daemon/audit/sha256.h"
#include "daemon/store/key_encoding.h"
#include "daemon/store/meta_store.h"
#include "rules/formats/timestamp.h"

namespace kpiwatch::daemon {
namespace {

// Stored value: layout byte, the record's hash (64 hex digits), then the canonical JSON
// of the record without its hash: exactly the bytes the hash covers after prev_hash.
constexpr char kLayoutVersion = 1;
constexpr std::size_t kHashHexSize = 64;
constexpr const char* kCounter = "audit";
const std::string kGenesisHash(kHashHexSize, '0');

std::string SeqKey(std::uint64_t seq) {
  std::string key;
  store::AppendBigEndian64(key, seq);
  return key;
}

// The record without its hash, in the form that is hashed and stored.
std::string HashedText(const AuditRecord& record) {
  boost::json::object json = AuditRecordToJson(record);
  json.erase("hash");
  return CanonicalJson(json);
}

std::string EncodeValue(const std::string& hash, const std::string& hashed_text) {
  std::string value(1, kLayoutVersion);
  value += hash;
  value += hashed_text;
  return value;
}

// A record read back, with the bytes its hash covers.
struct StoredRecord {
  AuditRecord record;
  std::string hashed_text;
};

Result<std::string> StringField(const boost::json::object& json, const char* name) {
  const boost::json::value* value = json.if_contains(name);
  if (value == nullptr || !value->is_string())
    return Status::InvalidArgument(std::string("no string '") + name + "'");
  return std::string(value->get_string());
}

// Decodes the value stored under `seq`; the error says what is wrong with it.
Result<StoredRecord> DecodeValue(std::uint64_t seq, std::string_view value) {
  auto broken = [seq](const std::string& reason) {
    return Status(StatusCode::kCorruption, "audit record " + std::to_string(seq) + ": " + reason);
  };
  if (value.size() < 1 + kHashHexSize || value[0] != kLayoutVersion)
    return broken("unknown layout");
  StoredRecord stored;
  stored.record.hash = std::string(value.substr(1, kHashHexSize));
  stored.hashed_text = std::string(value.substr(1 + kHashHexSize));
  boost::system::error_code error;
  boost::json::value parsed = boost::json::parse(stored.hashed_text, error);
  if (error || !parsed.is_object()) return broken("not a JSON object");
  const boost::json::object& json = parsed.get_object();
  const boost::json::value* seq_field = json.if_contains("seq");
  const boost::json::value* payload = json.if_contains("payload");
  Result<std::string> time = StringField(json, "time");
  Result<std::string> actor = StringField(json, "actor");
  Result<std::string> kind = StringField(json, "kind");
  Result<std::string> prev_hash = StringField(json, "prev_hash");
  for (const Result<std::string>* field : {&time, &actor, &kind, &prev_hash}) {
    if (!field->ok()) return broken(field->status().message());
  }
  if (seq_field == nullptr || !seq_field->is_number() || payload == nullptr ||
      !payload->is_object()) {
    return broken("no seq or payload");
  }
  Result<std::chrono::sys_seconds> when = ParseTimestamp(*time);
  if (!when.ok()) return broken(when.status().message());
  boost::system::error_code number_error;
  stored.record.seq = seq_field->to_number<std::uint64_t>(number_error);
  if (number_error) return broken("seq is not a whole number");
  stored.record.time = *when;
  stored.record.actor = std::move(*actor);
  stored.record.kind = std::move(*kind);
  stored.record.payload = payload->get_object();
  stored.record.prev_hash = std::move(*prev_hash);
  return stored;
}

bool KindMatches(const std::string& kind, const std::optional<std::string>& wanted) {
  if (!wanted) return true;
  return kind == *wanted ||
         (kind.size() > wanted->size() && kind.starts_with(*wanted) && kind[wanted->size()] == '.');
}

}  // namespace

boost::json::object AuditRecordToJson(const AuditRecord& record) {
  return {{"seq", record.seq},         {"time", FormatTimestamp(record.time)},
          {"actor", record.actor},     {"kind", record.kind},
          {"payload", record.payload}, {"prev_hash", record.prev_hash},
          {"hash", record.hash}};
}

AuditLog::AuditLog(store::Database& database, const Clock& clock)
    : database_(database), clock_(clock) {}

Status AuditLog::Start() {
  Result<std::uint64_t> committed = store::ReadCounter(database_, kCounter);
  if (!committed.ok()) return committed.status();
  std::unique_ptr<rocksdb::Iterator> it = database_.NewIterator(store::Family::kAudit);
  it->SeekToLast();
  if (!it->status().ok()) return store::FromRocksDb(it->status(), "reading the audit log");
  std::lock_guard lock(mutex_);
  last_seq_ = 0;
  last_hash_ = kGenesisHash;
  if (it->Valid()) {
    // Taken as stored, without judging it: a damaged record is Verify's to report, and
    // the next record's prev_hash then shows what the chain held when it was written.
    if (it->key().size() == 8) last_seq_ = store::ReadBigEndian64(it->key().ToStringView());
    std::string_view value = it->value().ToStringView();
    last_hash_ = value.empty() ? "" : std::string(value.substr(1, kHashHexSize));
  }
  // Records cut off the end still count: the next seq leaves a gap that Verify names.
  last_seq_ = std::max(last_seq_, *committed);
  return Status::Ok();
}

Status AuditLog::Commit(rocksdb::WriteBatch& batch, const std::vector<AuditEvent>& events) {
  std::lock_guard lock(mutex_);
  if (events.empty()) return database_.Write(batch);
  batch.SetSavePoint();
  AuditRecord record;
  record.seq = last_seq_;
  record.hash = last_hash_;
  record.time = clock_.Now();
  rocksdb::Status staged;
  for (const AuditEvent& event : events) {
    record.seq += 1;
    record.prev_hash = record.hash;
    record.actor = event.actor;
    record.kind = event.kind;
    record.payload = event.payload;
    std::string text = HashedText(record);
    record.hash = Sha256Hex(record.prev_hash + text);
    staged = batch.Put(database_.handle(store::Family::kAudit), SeqKey(record.seq),
                       EncodeValue(record.hash, text));
    if (!staged.ok()) break;
  }
  Status written = store::FromRocksDb(staged, "staging audit records");
  if (written.ok()) {
    store::StageCounter(database_, batch, kCounter, record.seq);
    written = database_.Write(batch);
  }
  if (!written.ok()) {
    batch.RollbackToSavePoint();  // the caller's batch is as it was handed in
    return written;
  }
  last_seq_ = record.seq;
  last_hash_ = record.hash;
  return Status::Ok();
}

Result<std::vector<AuditRecord>> AuditLog::Read(std::uint64_t from_seq,
                                                const std::optional<std::string>& kind,
                                                std::size_t limit) const {
  std::vector<AuditRecord> records;
  std::unique_ptr<rocksdb::Iterator> it = database_.NewIterator(store::Family::kAudit);
  for (it->Seek(SeqKey(from_seq)); it->Valid() && records.size() < limit; it->Next()) {
    if (it->key().size() != 8)
      return Status(StatusCode::kCorruption, "audit log: a key is not a seq");
    Result<StoredRecord> stored =
        DecodeValue(store::ReadBigEndian64(it->key().ToStringView()), it->value().ToStringView());
    if (!stored.ok()) return stored.status();
    if (KindMatches(stored->record.kind, kind)) records.push_back(std::move(stored->record));
  }
  if (!it->status().ok()) return store::FromRocksDb(it->status(), "reading the audit log");
  return records;
}

Result<std::vector<AuditRecord>> AuditLog::ReadSince(std::chrono::sys_seconds since,
                                                     const std::optional<std::string>& kind) const {
  std::vector<AuditRecord> records;
  std::unique_ptr<rocksdb::Iterator> it = database_.NewIterator(store::Family::kAudit);
  for (it->SeekToLast(); it->Valid(); it->Prev()) {
    if (it->key().size() != 8)
      return Status(StatusCode::kCorruption, "audit log: a key is not a seq");
    Result<StoredRecord> stored =
        DecodeValue(store::ReadBigEndian64(it->key().ToStringView()), it->value().ToStringView());
    if (!stored.ok()) return stored.status();
    if (stored->record.time < since) break;
    if (KindMatches(stored->record.kind, kind)) records.push_back(std::move(stored->record));
  }
  if (!it->status().ok()) return store::FromRocksDb(it->status(), "reading the audit log");
  std::reverse(records.begin(), records.end());
  return records;
}

Result<AuditVerification> AuditLog::Verify() const {
  std::unique_ptr<rocksdb::Iterator> it;
  Result<std::uint64_t> committed = std::uint64_t{0};
  {
    // Under the commit lock, the counter and the iterator's snapshot agree.
    std::lock_guard lock(mutex_);
    committed = store::ReadCounter(database_, kCounter);
    it = database_.NewIterator(store::Family::kAudit);
  }
  if (!committed.ok()) return committed.status();
  AuditVerification verification;
  auto broken = [&verification](std::uint64_t seq, std::string reason) {
    verification.ok = false;
    verification.first_broken_seq = seq;
    verification.reason = std::move(reason);
    return verification;
  };
  std::uint64_t expected = 1;
  std::string prev_hash = kGenesisHash;
  for (it->SeekToFirst(); it->Valid(); it->Next(), ++expected) {
    if (it->key().size() != 8) return broken(expected, "unparsable record: its key is not a seq");
    std::uint64_t seq = store::ReadBigEndian64(it->key().ToStringView());
    if (seq != expected) {
      return broken(expected, "seq gap: record " + std::to_string(expected) +
                                  " is missing (the next one is " + std::to_string(seq) + ")");
    }
    Result<StoredRecord> stored = DecodeValue(seq, it->value().ToStringView());
    if (!stored.ok()) return broken(seq, "unparsable record: " + stored.status().message());
    if (stored->record.seq != seq) {
      return broken(seq, "seq mismatch: the record says " + std::to_string(stored->record.seq));
    }
    if (stored->record.prev_hash != prev_hash) {
      return broken(seq,
                    "prev_hash mismatch: it is not the hash of record " + std::to_string(seq - 1));
    }
    if (Sha256Hex(prev_hash + stored->hashed_text) != stored->record.hash) {
      return broken(seq, "hash mismatch: the record was changed after it was written");
    }
    prev_hash = stored->record.hash;
    verification.records += 1;
  }
  if (!it->status().ok()) return store::FromRocksDb(it->status(), "reading the audit log");
  if (*committed >= expected) {
    return broken(expected, "seq gap: record " + std::to_string(expected) + " is missing (" +
                                std::to_string(*committed) + " records were committed)");
  }
  return verification;
}

std::uint64_t AuditLog::last_seq() const {
  std::lock_guard lock(mutex_);
  return last_seq_;
}

}  // namespace kpiwatch::daemon
