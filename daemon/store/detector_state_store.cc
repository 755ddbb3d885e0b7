#include "daemon/store/detector_state_store.h"

namespace kpiwatch::store {

Result<std::map<std::string, DetectorStateRecord>> DetectorStateStore::Load(const std::set<std::string>& keys) const {
  std::map<std::string, DetectorStateRecord> records;
  for (const std::string& key : keys) {
    Result<std::optional<std::string>> value = database_.Get(Family::kDetectorState, key);
    if (!value.ok()) return value.status();
    if (!value->has_value()) continue;
    Result<DetectorStateRecord> record = DetectorStateRecord::Parse(**value);
    if (record.ok()) records.emplace(key, std::move(*record));
  }
  return records;
}

Status DetectorStateStore::Store(const std::map<std::string, DetectorStateRecord>& records) {
  if (records.empty()) return Status::Ok();
  rocksdb::WriteBatch batch;
  for (const auto& [key, record] : records) {
    batch.Put(database_.handle(Family::kDetectorState), key, record.Serialize());
  }
  return database_.Write(batch);
}

}  // namespace kpiwatch::store
