#include "daemon/ingest/ingest_service.h"

#include <unordered_set>

#include "daemon/audit/sha256.h"
#include "daemon/store/meta_store.h"

namespace kpiwatch::daemon {
namespace {

// Identical duplicates inside one batch are accepted (validation rejects conflicting
// ones); keep the first so each key is written once.
std::vector<Observation> WithoutDuplicates(std::vector<Observation> rows, std::size_t& dropped) {
  std::vector<bool> keep(rows.size());
  {
    std::unordered_set<ObservationKey, ObservationKeyHash> seen;
    seen.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) keep[i] = seen.emplace(rows[i]).second;
  }
  std::vector<Observation> unique;
  unique.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (keep[i]) unique.push_back(std::move(rows[i]));
  }
  dropped = rows.size() - unique.size();
  return unique;
}

// The distinct (indicator, unit) of the rows, in first-seen order.
std::vector<TouchedSeries> TouchedBy(const std::vector<Observation>& rows) {
  std::unordered_set<SeriesKey, ObservationKeyHash> seen;
  seen.reserve(rows.size());
  std::vector<TouchedSeries> touched;
  for (const Observation& row : rows) {
    if (seen.emplace(row).second) touched.push_back({row.indicator, row.unit});
  }
  return touched;
}

// The audit records of a stored batch: "ingest", then one "restatement" per restatement.
std::vector<AuditEvent> AuditEventsOf(const IngestResult& result, std::uint64_t batch_id,
                                      const std::string& source, const std::string& actor,
                                      const std::string& body_sha256) {
  std::vector<AuditEvent> events;
  events.push_back({actor, "ingest", {{"batch_id", batch_id},
                                      {"source", source},
                                      {"received", result.received},
                                      {"inserted", result.inserted},
                                      {"unchanged", result.unchanged},
                                      {"restated", result.restatements.size()},
                                      {"body_sha256", body_sha256}}});
  for (const store::Restatement& restatement : result.restatements) {
    events.push_back({actor, "restatement", {{"batch_id", batch_id},
                                             {"indicator", restatement.indicator},
                                             {"unit", restatement.unit},
                                             {"period", restatement.period.ToString()},
                                             {"old_value", restatement.old_value},
                                             {"new_value", restatement.new_value}}});
  }
  return events;
}

}  // namespace

IngestService::IngestService(store::Database& database, const CatalogueService& catalogue,
                             const Clock& clock, AuditLog& audit)
    : database_(database),
      observations_(database),
      catalogue_(catalogue),
      clock_(clock),
      audit_(audit) {}

Status IngestService::Start() {
  Result<std::uint64_t> last = store::ReadCounter(database_, "batch");
  if (!last.ok()) return last.status();
  last_batch_id_ = *last;
  return Status::Ok();
}

Result<IngestResult> IngestService::Ingest(std::string_view body, const ParseOptions& options,
                                           const std::string& source, const std::string& actor) {
  std::shared_ptr<const Catalogue> catalogue = catalogue_.Current();
  ParseOptions checked = options;
  checked.catalogue = catalogue.get();  // syntax and catalogue errors in one answer
  Result<ObservationBatch> batch = ParseObservations(body, checked);
  if (!batch.ok()) return batch.status();

  IngestResult result;
  result.received = batch->rows.size();
  for (Observation& row : batch->rows) row.source = source;
  std::vector<Observation> rows = WithoutDuplicates(std::move(batch->rows), result.unchanged);
  // Outside the write lock: the body's hash and the series it touches.
  const std::string body_sha256 = Sha256Hex(body);
  std::vector<TouchedSeries> touched = TouchedBy(rows);

  std::lock_guard lock(write_mutex_);
  std::int64_t now = UnixSeconds(clock_.Now());
  rocksdb::WriteBatch write_batch;
  Result<store::StagedBatch> staged =
      observations_.Stage(rows, last_batch_id_ + 1, now, write_batch);
  if (!staged.ok()) return staged.status();
  result.inserted = staged->inserted;
  result.unchanged += staged->unchanged;
  result.restatements = std::move(staged->restatements);
  if (write_batch.Count() == 0) return result;  // nothing new: no batch id used

  store::StageCounter(database_, write_batch, "batch", last_batch_id_ + 1);
  std::vector<AuditEvent> events = AuditEventsOf(result, last_batch_id_ + 1, source, actor, body_sha256);
  if (Status written = audit_.Commit(write_batch, events); !written.ok()) return written;
  result.batch_id = ++last_batch_id_;
  result.touched = std::move(touched);
  if (listener_) listener_(result);
  return result;
}

}  // namespace kpiwatch::daemon
