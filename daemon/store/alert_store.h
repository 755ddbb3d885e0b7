// AlertStore: alerts, their indexes, and silences in RocksDB.
//
// alerts:              big-endian id -> AlertToJson (rules/formats/alert_json.h)
// alerts_by_indicator: "i" indicator \0 unit \0 big-endian id -> ""  (alerts of a series)
//                      "d" dedup key \0 big-endian id -> ""          (alerts sharing a key)
// silences:            big-endian id -> SilenceToJson
// Writes are staged into the caller's WriteBatch (committed with its audit records);
// reads go to RocksDB, so the store is the one source of truth.
#pragma once

#include <rocksdb/write_batch.h>

#include <optional>
#include <string>
#include <vector>

#include "daemon/store/database.h"
#include "rules/domain/alert.h"
#include "rules/domain/silence.h"

namespace kpiwatch::store {

class AlertStore {
 public:
  explicit AlertStore(Database& database) : database_(database) {}

  // Stages the alert and its index entries (indexes are idempotent: an update rewrites
  // the same keys).
  void Stage(const Alert& alert, rocksdb::WriteBatch& batch) const;
  // NotFound when there is no such alert; kCorruption when it cannot be read back.
  Result<Alert> Get(std::uint64_t id) const;
  // Every alert, ascending id.
  Result<std::vector<Alert>> All() const;
  // Alerts of an indicator (of one unit when given; "" is the cross-section), ascending id.
  Result<std::vector<Alert>> ForIndicator(const std::string& indicator,
                                          const std::optional<std::string>& unit) const;
  // Alerts with this dedup key, ascending id.
  Result<std::vector<Alert>> WithDedupKey(const std::string& dedup_key) const;

  void StageSilence(const Silence& silence, rocksdb::WriteBatch& batch) const;
  // Every silence, ascending id.
  Result<std::vector<Silence>> Silences() const;

 private:
  Result<std::vector<Alert>> ByIndexPrefix(const std::string& prefix) const;
  Database& database_;
};

}  // namespace kpiwatch::store
