// IngestStack: the storage-to-ingest part of kpiwatchd (a RocksDB in a temp dir, the
// audit log, the catalogue service and the ingest service) wired as the daemon does, for
// daemon unit tests. Header-only because tests/support does not link the daemon layer.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "daemon/audit/audit_log.h"
#include "daemon/catalogue/catalogue_service.h"
#include "daemon/ingest/ingest_service.h"
#include "daemon/store/database.h"
#include "tests/support/fake_clock.h"
#include "tests/support/rule_fixtures.h"  // MonthlyIndicator, for the catalogue
#include "tests/support/temp_dir.h"

namespace kpiwatch::testing {

// Use from a fixture's SetUp (gtest assertions): ASSERT_NO_FATAL_FAILURE(stack_.Open()).
// `catalogue_file`: the catalogue service reads it at start (as kpiwatchd --catalogue).
class IngestStack {
 public:
  void Open(std::optional<std::filesystem::path> catalogue_file = std::nullopt) {
    auto opened = store::Database::Open({.path = dir / "db", .sync_writes = false});
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    database = std::move(*opened);
    audit = std::make_unique<daemon::AuditLog>(*database, clock);
    ASSERT_TRUE(audit->Start().ok());
    catalogue = std::make_unique<daemon::CatalogueService>(*database, *audit, std::move(catalogue_file));
    Status started = catalogue->Start();
    ASSERT_TRUE(started.ok()) << started.ToString();
    ingest = std::make_unique<daemon::IngestService>(*database, *catalogue, clock, *audit);
    ASSERT_TRUE(ingest->Start().ok());
  }

  TempDir dir;
  FakeClock clock;
  std::unique_ptr<store::Database> database;
  std::unique_ptr<daemon::AuditLog> audit;
  std::unique_ptr<daemon::CatalogueService> catalogue;
  std::unique_ptr<daemon::IngestService> ingest;
};

}  // namespace kpiwatch::testing
