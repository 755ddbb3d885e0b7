// Counters kept in the meta column family (next batch id, next indicator version ...).
// Updates are staged into the caller's WriteBatch so a counter moves atomically with
// the records that used it.
#pragma once

#include <rocksdb/write_batch.h>

#include <cstdint>
#include <string>

#include "daemon/store/database.h"

namespace kpiwatch::store {

// The stored counter, 0 when it was never written.
Result<std::uint64_t> ReadCounter(const Database& database, const std::string& name);
// Adds "counter := value" to `batch`.
void StageCounter(const Database& database, rocksdb::WriteBatch& batch, const std::string& name,
                  std::uint64_t value);

}  // namespace kpiwatch::store
