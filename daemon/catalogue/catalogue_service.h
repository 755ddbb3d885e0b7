// CatalogueService: the declared indicators, from the store, the catalogue file and
// PUT /v1/indicators/{id}.
//
// Readers get an immutable snapshot (Current()); changes build a new Catalogue, store
// the changed definitions in one WriteBatch with one "indicator" audit record each, and
// then swap the snapshot. An invalid
// catalogue file or definition is rejected with every error, and the running catalogue
// stays as it was.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>

#include "daemon/audit/audit_log.h"
#include "daemon/store/database.h"
#include "daemon/store/indicator_store.h"
#include "rules/domain/catalogue.h"

namespace kpiwatch::daemon {

class CatalogueService {
 public:
  CatalogueService(store::Database& database, AuditLog& audit,
                   std::optional<std::filesystem::path> file);

  // Loads the stored definitions; then, when a file is configured, applies it like
  // ReloadFile(). A damaged store is an error; an invalid file is returned as an error
  // too, but the stored catalogue is already active (the caller logs and goes on).
  Status Start();
  // Re-reads the catalogue file (SIGHUP); changes are audited with actor "catalogue-file".
  // Invalid file: the error (file:line:column: field: reason, with the source line), and
  // the current catalogue stays.
  Status ReloadFile();
  // Declares or replaces one indicator. References must resolve in the current
  // catalogue. `actor` (the token's name) goes into the audit record. Returns true when
  // the indicator is new.
  Result<bool> Put(Indicator indicator, const std::string& actor);
  // Archived versions of one indicator's definition, oldest first.
  Result<std::vector<Indicator>> History(const std::string& id) const;

  // The current snapshot; never null after Start().
  std::shared_ptr<const Catalogue> Current() const;
  const std::optional<std::filesystem::path>& file() const { return file_; }

 private:
  // Stores the definitions among `declared` that differ from the current ones and
  // swaps in `next`. Caller holds write_mutex_.
  Status Commit(const std::vector<Indicator>& declared, Catalogue next, const std::string& actor);

  store::Database& database_;
  AuditLog& audit_;
  store::IndicatorStore indicators_;
  std::optional<std::filesystem::path> file_;
  std::mutex write_mutex_;          // serialises changes
  mutable std::mutex snapshot_mutex_;  // guards current_
  std::shared_ptr<const Catalogue> current_ = std::make_shared<Catalogue>();
};

}  // namespace kpiwatch::daemon
