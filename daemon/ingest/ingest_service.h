// IngestService: parses, validates and stores a batch of observations.
//
// A batch is validated completely first (syntax and catalogue in one pass); any bad
// row rejects the whole batch with every bad row's line, field and reason, and nothing
// is written. A good batch is one atomic RocksDB WriteBatch: new points, restatements
// (old values kept in revisions), the batch counter and its audit records (one "ingest"
// record, one "restatement" record per restatement). Same value again is a no-op.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "daemon/audit/audit_log.h"
#include "daemon/catalogue/catalogue_service.h"
#include "daemon/clock.h"
#include "daemon/store/observation_store.h"
#include "rules/evaluation/evaluator.h"
#include "rules/formats/observation_parser.h"

namespace kpiwatch::daemon {

struct IngestResult {
  std::uint64_t batch_id = 0;  // 0 when nothing was written
  std::size_t received = 0;
  std::size_t inserted = 0;
  std::size_t unchanged = 0;
  std::vector<store::Restatement> restatements;
  // The series of the stored batch (indicator, unit), in first-seen order; empty when
  // nothing was written. The scheduler evaluates the rules on these.
  std::vector<TouchedSeries> touched;
};

// Called after a batch is stored (on the ingesting thread; must not block).
using BatchStoredListener = std::function<void(const IngestResult&)>;

class IngestService {
 public:
  IngestService(store::Database& database, const CatalogueService& catalogue, const Clock& clock,
                AuditLog& audit);

  // Reads the batch counter; call once before Ingest.
  Status Start();
  // Sets the listener told about every stored batch (the scheduler). Call before Ingest.
  void SetBatchStoredListener(BatchStoredListener listener) { listener_ = std::move(listener); }
  // Parses `body` (format per options), validates it and stores it atomically.
  // `source` is recorded with every point ("http", "spool:file.csv"); `actor` (the
  // token's name, "spool") in the audit records.
  // kInvalidArgument with one ErrorDetail per bad row; kIoError etc. when the store fails
  // (then nothing is written).
  Result<IngestResult> Ingest(std::string_view body, const ParseOptions& options,
                              const std::string& source, const std::string& actor);

 private:
  store::Database& database_;
  store::ObservationStore observations_;
  const CatalogueService& catalogue_;
  const Clock& clock_;
  AuditLog& audit_;
  std::mutex write_mutex_;  // one batch at a time: staging reads what the last batch wrote
  std::uint64_t last_batch_id_ = 0;
  BatchStoredListener listener_;
};

}  // namespace kpiwatch::daemon
