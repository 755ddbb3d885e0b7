// Storage faults: with the disk full or the file system read-only, ingest fails with a
// clear error (a 5xx JSON answer over HTTP) and stores nothing, reads keep working, the
// audit chain stays intact; writes stay refused (saying why and that a restart is needed)
// until the database is reopened, which then holds exactly the acknowledged batches.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "daemon/http/responses.h"
#include "daemon/ingest/ingest_service.h"
#include "tests/support/fake_clock.h"
#include "tests/support/faulty_file_system.h"
#include "tests/support/rule_fixtures.h"
#include "tests/support/temp_dir.h"

namespace kpiwatch::daemon {
namespace {

using testing::StorageFault;

std::string Batch(const std::string& unit) {
  return "indicator,unit,period,value\nwerk.uitstroom," + unit + ",2024-01,10\nwerk.uitstroom," + unit +
         ",2024-02,12\n";
}

class StorageFaultTest : public ::testing::TestWithParam<StorageFault> {
 protected:
  void SetUp() override { Open(fs_); }

  void Open(std::shared_ptr<rocksdb::FileSystem> file_system) {
    ingest_.reset();
    catalogue_.reset();
    audit_.reset();
    database_.reset();
    auto database = store::Database::Open({.path = dir_ / "db", .sync_writes = true, .file_system = file_system});
    ASSERT_TRUE(database.ok()) << database.status().ToString();
    database_ = std::move(*database);
    audit_ = std::make_unique<AuditLog>(*database_, clock_);
    ASSERT_TRUE(audit_->Start().ok());
    catalogue_ = std::make_unique<CatalogueService>(*database_, *audit_, std::nullopt);
    ASSERT_TRUE(catalogue_->Start().ok());
    if (!catalogue_->Current()->Find("werk.uitstroom")) {
      ASSERT_TRUE(catalogue_->Put(testing::MonthlyIndicator("werk.uitstroom"), "steward-anna").ok());
    }
    ingest_ = std::make_unique<IngestService>(*database_, *catalogue_, clock_, *audit_);
    ASSERT_TRUE(ingest_->Start().ok());
  }

  Result<IngestResult> Ingest(const std::string& unit) {
    ParseOptions options;
    options.format = ObservationFormat::kCsv;
    return ingest_->Ingest(Batch(unit), options, "test", "source-bot");
  }

  std::size_t Points(const std::string& unit) {
    auto series = store::ObservationStore(*database_).ReadSeries("werk.uitstroom", unit);
    EXPECT_TRUE(series.ok()) << series.status().ToString();
    return series.ok() ? series->size() : 0;
  }

  AuditVerification Verify() {
    Result<AuditVerification> verification = audit_->Verify();
    EXPECT_TRUE(verification.ok()) << verification.status().ToString();
    return verification.ok() ? *verification : AuditVerification{};
  }

  testing::TempDir dir_;
  testing::FakeClock clock_;
  std::shared_ptr<testing::FaultyFileSystem> fs_ = std::make_shared<testing::FaultyFileSystem>();
  std::unique_ptr<store::Database> database_;
  std::unique_ptr<AuditLog> audit_;
  std::unique_ptr<CatalogueService> catalogue_;
  std::unique_ptr<IngestService> ingest_;
};

TEST_P(StorageFaultTest, IngestFailsClearlyReadsWorkAndARestartHoldsExactlyTheAcknowledgedBatches) {
  const bool disk_full = GetParam() == StorageFault::kDiskFull;
  ASSERT_TRUE(Ingest("zwolle").ok());
  std::uint64_t records_before = Verify().records;

  fs_->Set(GetParam());
  for (int attempt = 0; attempt < 2; ++attempt) {  // the first failure, and one while still broken
    Result<IngestResult> refused = Ingest("deventer");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.status().code(), disk_full ? StatusCode::kUnavailable : StatusCode::kIoError)
        << refused.status().ToString();
    EXPECT_NE(refused.status().message().find(disk_full ? "disk of the data dir is full" : "read-only file system"),
              std::string::npos)
        << refused.status().ToString();
    EXPECT_NE(refused.status().message().find("nothing was stored"), std::string::npos);
    http::Response response = http::ErrorResponse(refused.status());
    EXPECT_EQ(response.status, disk_full ? 503 : 500);
    boost::json::value body = boost::json::parse(response.body);
    EXPECT_EQ(body.at("error").at("code").as_string(), disk_full ? "unavailable" : "io_error");
  }
  // Reads keep working, nothing of the refused batch is visible, the chain is intact.
  EXPECT_EQ(Points("zwolle"), 2u);
  EXPECT_EQ(Points("deventer"), 0u);
  AuditVerification during = Verify();
  EXPECT_TRUE(during.ok) << during.reason;
  EXPECT_EQ(during.records, records_before);

  // RocksDB does not resume after a failed WAL write: writes keep failing with the cause
  // and the remedy until the restart, even once the disk is fine again.
  fs_->Set(StorageFault::kNone);
  Result<IngestResult> still = Ingest("kampen");
  ASSERT_FALSE(still.ok());
  EXPECT_NE(still.status().message().find("restart kpiwatchd"), std::string::npos) << still.status().ToString();
  EXPECT_NE(still.status().message().find(disk_full ? "disk of the data dir is full" : "read-only file system"),
            std::string::npos)
      << still.status().ToString();
  EXPECT_EQ(Points("zwolle"), 2u);

  Open(nullptr);  // the restart: exactly the acknowledged batches, an intact chain
  EXPECT_EQ(Points("zwolle"), 2u);
  EXPECT_EQ(Points("deventer"), 0u);
  EXPECT_EQ(Points("kampen"), 0u);
  AuditVerification reopened = Verify();
  EXPECT_TRUE(reopened.ok) << reopened.reason;
  EXPECT_EQ(reopened.records, records_before);
  ASSERT_TRUE(Ingest("deventer").ok());
  EXPECT_EQ(Points("deventer"), 2u);
  EXPECT_TRUE(Verify().ok);
}

INSTANTIATE_TEST_SUITE_P(Faults, StorageFaultTest, ::testing::Values(StorageFault::kDiskFull, StorageFault::kReadOnly),
                         [](const auto& fault) { return fault.param == StorageFault::kDiskFull ? "DiskFull" : "ReadOnly"; });

}  // namespace
}  // namespace kpiwatch::daemon
