// DetectorStateStore: the incremental detector states of the scheduler, one record per
// (rule, indicator, unit) in the `detector_state` family (rules/evaluation/incremental_state.h).
//
// Losing a record only costs a batch re-run; the scheduler writes records only after the
// alerts of the same round are stored (docs/storage-format.md explains why that is safe).
#pragma once

#include <map>
#include <set>
#include <string>

#include "daemon/store/database.h"
#include "rules/evaluation/incremental_state.h"

namespace kpiwatch::store {

class DetectorStateStore {
 public:
  explicit DetectorStateStore(Database& database) : database_(database) {}

  // The stored records under `keys` (absent keys are left out). A record that cannot be
  // read is left out too: the round then runs from a fresh state and overwrites it.
  Result<std::map<std::string, DetectorStateRecord>> Load(const std::set<std::string>& keys) const;
  // Writes `records` in one batch.
  Status Store(const std::map<std::string, DetectorStateRecord>& records);

 private:
  Database& database_;
};

}  // namespace kpiwatch::store
