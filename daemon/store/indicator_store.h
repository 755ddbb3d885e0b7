// IndicatorStore: indicator definitions in the indicators column family, versioned.
//
// Key "id" holds the current definition (JSON, as rules/formats/indicator_json.h
// writes it); each replaced definition is kept under "id\0" + big-endian version so an
// auditor can see how a definition changed.
#pragma once

#include <rocksdb/write_batch.h>

#include <vector>

#include "daemon/store/database.h"
#include "rules/domain/indicator.h"

namespace kpiwatch::store {

class IndicatorStore {
 public:
  explicit IndicatorStore(Database& database) : database_(database) {}

  // Every current definition. kCorruption when one cannot be read back.
  Result<std::vector<Indicator>> LoadAll() const;
  // Stages `indicator` as the current definition, archiving `previous` (if any) under
  // `version`. Returns nothing: the caller writes the batch.
  void Stage(const Indicator& indicator, const Indicator* previous, std::uint64_t version,
             rocksdb::WriteBatch& batch) const;
  // Archived definitions of `id`, oldest first.
  Result<std::vector<Indicator>> History(const std::string& id) const;

 private:
  Database& database_;
};

}  // namespace kpiwatch::store
