// ObservationStore: points (current values) and revisions (restated values).
//
// Staging and committing are separate so the caller can add other records (the audit
// entry) to the same WriteBatch: a batch, its restatements and its audit record are
// stored whole or not at all. Staging reads current values; callers serialise
// Stage+Write (IngestService holds the write lock).
#pragma once

#include <rocksdb/write_batch.h>

#include <optional>
#include <string>
#include <vector>

#include "daemon/store/database.h"
#include "daemon/store/point_codec.h"
#include "rules/domain/observation.h"

namespace kpiwatch::store {

// A restatement found while staging: the stored value differs from the new report.
struct Restatement {
  std::string indicator;
  std::string unit;
  Period period;
  double old_value = 0.0;
  double new_value = 0.0;
};

struct StagedBatch {
  std::uint64_t batch_id = 0;
  std::size_t inserted = 0;   // new (indicator, unit, period)
  std::size_t unchanged = 0;  // same value as stored: no-op
  std::vector<Restatement> restatements;
};

// One stored point of a series, in period order.
struct SeriesPoint {
  Period period;
  StoredPoint point;
};

// One revision as read back, with its key fields.
struct RevisionRecord {
  std::string unit;
  Period period;
  StoredRevision revision;
};

class ObservationStore {
 public:
  explicit ObservationStore(Database& database) : database_(database) {}
  // The database the store reads (the scheduler keeps its detector states there too).
  Database& database() const { return database_; }

  // Adds to `batch` the writes that apply `rows` (already validated; no duplicate keys).
  // Rows equal to the stored value are skipped; others become restatements with the
  // old value kept in revisions. `now` is the report time (unix seconds).
  Result<StagedBatch> Stage(const std::vector<Observation>& rows, std::uint64_t batch_id,
                            std::int64_t now, rocksdb::WriteBatch& batch) const;

  // The series in period order, limited to [from, to] when given.
  Result<std::vector<SeriesPoint>> ReadSeries(const std::string& indicator, const std::string& unit,
                                              std::optional<Period> from = std::nullopt,
                                              std::optional<Period> to = std::nullopt) const;
  // Every unit that has points for the indicator, sorted.
  Result<std::vector<std::string>> ListUnits(const std::string& indicator) const;
  // Revisions of the indicator (of one unit when given), in key order.
  Result<std::vector<RevisionRecord>> ReadRevisions(const std::string& indicator,
                                                    std::optional<std::string> unit = std::nullopt) const;

 private:
  Database& database_;
};

}  // namespace kpiwatch::store
