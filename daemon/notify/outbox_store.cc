#include "daemon/notify/outbox_store.h"

#include "daemon/store/key_encoding.h"
#include "rules/formats/timestamp.h"

namespace kpiwatch::notify {
namespace {

constexpr char kMessagePrefix = 'm';
constexpr char kDigestPrefix = 'd';
const std::string kNextSeqKey = "n";

std::string BigEndian(std::uint64_t value) {
  std::string out;
  store::AppendBigEndian64(out, value);
  return out;
}

std::uint64_t FromBigEndian(std::string_view bytes) { return store::ReadBigEndian64(bytes); }

std::string Key(char prefix, std::uint64_t seq) { return std::string(1, prefix) + BigEndian(seq); }

const boost::json::value* Field(const boost::json::object& object, const char* name) {
  return object.if_contains(name);
}

std::string StringField(const boost::json::object& object, const char* name) {
  const auto* value = Field(object, name);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

Result<std::uint64_t> UintField(const boost::json::object& object, const char* name) {
  const auto* value = Field(object, name);
  if (value != nullptr && value->is_uint64()) return value->as_uint64();
  if (value != nullptr && value->is_int64() && value->as_int64() >= 0) {
    return static_cast<std::uint64_t>(value->as_int64());
  }
  return Status::InvalidArgument(std::string(name) + ": expected a whole number");
}

Result<std::chrono::sys_seconds> TimeField(const boost::json::object& object, const char* name) {
  auto parsed = ParseTimestamp(StringField(object, name));
  if (!parsed.ok())
    return Status::InvalidArgument(std::string(name) + ": " + parsed.status().message());
  return parsed;
}

template <typename T>
Result<std::vector<T>> ReadAll(const store::Database& database, char prefix,
                               Result<T> (*from_json)(const boost::json::value&)) {
  std::vector<T> out;
  auto iterator = database.NewIterator(store::Family::kOutbox);
  std::string start(1, prefix);
  for (iterator->Seek(start); iterator->Valid(); iterator->Next()) {
    rocksdb::Slice key = iterator->key();
    if (key.size() != 9 || key[0] != prefix) break;
    std::uint64_t seq = FromBigEndian(std::string_view(key.data() + 1, 8));
    boost::system::error_code error;
    boost::json::value json = boost::json::parse(iterator->value().ToStringView(), error);
    if (error)
      return Status(StatusCode::kCorruption,
                    "outbox entry " + std::to_string(seq) + " is not JSON");
    auto item = from_json(json);
    if (!item.ok()) {
      return Status(StatusCode::kCorruption,
                    "outbox entry " + std::to_string(seq) + ": " + item.status().message());
    }
    out.push_back(std::move(item).value());
  }
  if (!iterator->status().ok()) return store::FromRocksDb(iterator->status(), "reading the outbox");
  return out;
}

}  // namespace

boost::json::object OutboxMessageToJson(const OutboxMessage& message) {
  boost::json::array alert_ids;
  for (auto id : message.alert_ids) alert_ids.push_back(id);
  boost::json::array recipients;
  for (const auto& recipient : message.mail.recipients)
    recipients.push_back(boost::json::string(recipient));
  return {{"seq", message.seq},
          {"group", message.group},
          {"alert_ids", std::move(alert_ids)},
          {"message_id", message.mail.message_id},
          {"from", message.mail.from},
          {"recipients", std::move(recipients)},
          {"data", message.mail.data},
          {"attempts", message.attempts},
          {"first_queued_at", FormatTimestamp(message.first_queued_at)},
          {"next_attempt_at", FormatTimestamp(message.next_attempt_at)},
          {"last_error", message.last_error}};
}

Result<OutboxMessage> OutboxMessageFromJson(const boost::json::value& json) {
  if (!json.is_object()) return Status::InvalidArgument("expected an object");
  const auto& object = json.as_object();
  OutboxMessage message;
  auto seq = UintField(object, "seq");
  auto attempts = UintField(object, "attempts");
  auto first = TimeField(object, "first_queued_at");
  auto next = TimeField(object, "next_attempt_at");
  for (const Status* status :
       {&seq.status(), &attempts.status(), &first.status(), &next.status()}) {
    if (!status->ok()) return *status;
  }
  message.seq = *seq;
  message.attempts = static_cast<int>(*attempts);
  message.first_queued_at = *first;
  message.next_attempt_at = *next;
  message.group = StringField(object, "group");
  message.mail.message_id = StringField(object, "message_id");
  message.mail.from = StringField(object, "from");
  message.mail.data = StringField(object, "data");
  message.last_error = StringField(object, "last_error");
  if (const auto* ids = Field(object, "alert_ids"); ids != nullptr && ids->is_array()) {
    for (const auto& id : ids->as_array()) {
      if (id.is_uint64()) message.alert_ids.push_back(id.as_uint64());
      if (id.is_int64()) message.alert_ids.push_back(static_cast<std::uint64_t>(id.as_int64()));
    }
  }
  if (const auto* list = Field(object, "recipients"); list != nullptr && list->is_array()) {
    for (const auto& recipient : list->as_array()) {
      if (recipient.is_string()) message.mail.recipients.emplace_back(recipient.as_string());
    }
  }
  if (message.mail.recipients.empty() || message.mail.data.empty()) {
    return Status::InvalidArgument("a message needs recipients and data");
  }
  return message;
}

boost::json::object DigestItemToJson(const DigestItem& item) {
  return {{"seq", item.seq},
          {"group", item.group},
          {"entry", DigestEntryToJson(item.entry)},
          {"queued_at", FormatTimestamp(item.queued_at)},
          {"flush_at", FormatTimestamp(item.flush_at)}};
}

Result<DigestItem> DigestItemFromJson(const boost::json::value& json) {
  if (!json.is_object()) return Status::InvalidArgument("expected an object");
  const auto& object = json.as_object();
  DigestItem item;
  auto seq = UintField(object, "seq");
  auto queued = TimeField(object, "queued_at");
  auto flush = TimeField(object, "flush_at");
  const auto* entry_json = Field(object, "entry");
  if (entry_json == nullptr) return Status::InvalidArgument("entry: missing");
  auto entry = DigestEntryFromJson(*entry_json);
  for (const Status* status : {&seq.status(), &queued.status(), &flush.status(), &entry.status()}) {
    if (!status->ok()) return *status;
  }
  item.seq = *seq;
  item.group = StringField(object, "group");
  item.entry = std::move(entry).value();
  item.queued_at = *queued;
  item.flush_at = *flush;
  return item;
}

OutboxStore::OutboxStore(store::Database& database) : database_(database) {}

Status OutboxStore::Load() {
  std::uint64_t next = 1;
  auto stored = database_.Get(store::Family::kOutbox, kNextSeqKey);
  if (!stored.ok()) return stored.status();
  if (stored->has_value() && (*stored)->size() == 8) next = FromBigEndian(**stored);
  auto iterator = database_.NewIterator(store::Family::kOutbox);
  for (iterator->SeekToFirst(); iterator->Valid(); iterator->Next()) {
    rocksdb::Slice key = iterator->key();
    if (key.size() == 9 && (key[0] == kMessagePrefix || key[0] == kDigestPrefix)) {
      next = std::max(next, FromBigEndian(std::string_view(key.data() + 1, 8)) + 1);
    }
  }
  if (!iterator->status().ok()) return store::FromRocksDb(iterator->status(), "reading the outbox");
  std::lock_guard lock(mutex_);
  next_seq_ = next;
  return Status::Ok();
}

std::uint64_t OutboxStore::AllocateSeq(rocksdb::WriteBatch& batch) {
  std::lock_guard lock(mutex_);
  std::uint64_t seq = next_seq_++;
  batch.Put(database_.handle(store::Family::kOutbox), kNextSeqKey, BigEndian(next_seq_));
  return seq;
}

void OutboxStore::StageMessage(rocksdb::WriteBatch& batch, const OutboxMessage& message) {
  batch.Put(database_.handle(store::Family::kOutbox), Key(kMessagePrefix, message.seq),
            boost::json::serialize(OutboxMessageToJson(message)));
}

void OutboxStore::StageDigestItem(rocksdb::WriteBatch& batch, const DigestItem& item) {
  batch.Put(database_.handle(store::Family::kOutbox), Key(kDigestPrefix, item.seq),
            boost::json::serialize(DigestItemToJson(item)));
}

void OutboxStore::StageRemoveMessage(rocksdb::WriteBatch& batch, std::uint64_t seq) {
  batch.Delete(database_.handle(store::Family::kOutbox), Key(kMessagePrefix, seq));
}

void OutboxStore::StageRemoveDigestItem(rocksdb::WriteBatch& batch, std::uint64_t seq) {
  batch.Delete(database_.handle(store::Family::kOutbox), Key(kDigestPrefix, seq));
}

Result<std::vector<OutboxMessage>> OutboxStore::Messages() const {
  return ReadAll<OutboxMessage>(database_, kMessagePrefix, &OutboxMessageFromJson);
}

Result<std::vector<DigestItem>> OutboxStore::DigestItems() const {
  return ReadAll<DigestItem>(database_, kDigestPrefix, &DigestItemFromJson);
}

}  // namespace kpiwatch::notify
