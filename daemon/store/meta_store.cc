#include "daemon/store/meta_store.h"

#include "daemon/store/key_encoding.h"

namespace kpiwatch::store {

Result<std::uint64_t> ReadCounter(const Database& database, const std::string& name) {
  Result<std::optional<std::string>> stored = database.Get(Family::kMeta, "counter/" + name);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return std::uint64_t{0};
  if ((*stored)->size() != 8) return Status(StatusCode::kCorruption, "counter " + name + " is damaged");
  return ReadBigEndian64(**stored);
}

void StageCounter(const Database& database, rocksdb::WriteBatch& batch, const std::string& name,
                  std::uint64_t value) {
  std::string bytes;
  AppendBigEndian64(bytes, value);
  batch.Put(database.handle(Family::kMeta), "counter/" + name, bytes);
}

}  // namespace kpiwatch::store
