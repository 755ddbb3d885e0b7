// CatalogueService audits every declared or changed definition, with its actor, in the
// batch that stores it; an unchanged definition writes nothing.
#include "daemon/catalogue/catalogue_service.h"

#include <gtest/gtest.h>

#include "tests/support/fake_clock.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_catalogue.h"

namespace kpiwatch::daemon {
namespace {

Indicator Aanmeldingen(const std::string& definition) {
  Indicator indicator;
  indicator.id = "schuld.aanmeldingen";
  indicator.name = "Aanmeldingen schuldhulp";
  indicator.definition = definition;
  indicator.unit = UnitKind::kCount;
  indicator.cadence = Cadence::kMonth;
  return indicator;
}

class CatalogueServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto database = store::Database::Open({.path = dir_ / "db", .sync_writes = false});
    ASSERT_TRUE(database.ok()) << database.status().ToString();
    database_ = std::move(*database);
    audit_ = std::make_unique<AuditLog>(*database_, clock_);
    ASSERT_TRUE(audit_->Start().ok());
  }

  std::vector<AuditRecord> Records() {
    Result<std::vector<AuditRecord>> records = audit_->Read(1, "indicator", 100);
    EXPECT_TRUE(records.ok()) << records.status().ToString();
    return records.ok() ? *records : std::vector<AuditRecord>{};
  }

  testing::TempDir dir_;
  testing::FakeClock clock_;
  std::unique_ptr<store::Database> database_;
  std::unique_ptr<AuditLog> audit_;
};

TEST_F(CatalogueServiceTest, PutAuditsDeclaredAndChangedDefinitionsOnly) {
  CatalogueService catalogue(*database_, *audit_, std::nullopt);
  ASSERT_TRUE(catalogue.Start().ok());
  ASSERT_TRUE(catalogue.Put(Aanmeldingen("New requests."), "sam").ok());
  ASSERT_TRUE(catalogue.Put(Aanmeldingen("New requests."), "sam").ok());  // same: no record
  ASSERT_TRUE(catalogue.Put(Aanmeldingen("New requests, incl. online."), "rita").ok());
  std::vector<AuditRecord> records = Records();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].actor, "sam");
  EXPECT_EQ(records[0].payload.at("id").as_string(), "schuld.aanmeldingen");
  EXPECT_EQ(records[0].payload.at("change").as_string(), "declared");
  EXPECT_EQ(records[1].actor, "rita");
  EXPECT_EQ(records[1].payload.at("change").as_string(), "changed");
  EXPECT_EQ(records[1].payload.at("definition").at("definition").as_string(),
            "New requests, incl. online.");
}

TEST_F(CatalogueServiceTest, TheCatalogueFileIsAuditedAsCatalogueFile) {
  testing::WriteFile(dir_ / "catalogue.yaml",
                     std::string("indicators:\n") + testing::kUitstroomEntry + testing::kDuurzaamEntry);
  CatalogueService catalogue(*database_, *audit_, dir_ / "catalogue.yaml");
  ASSERT_TRUE(catalogue.Start().ok());
  ASSERT_TRUE(catalogue.ReloadFile().ok());  // unchanged: nothing new
  std::vector<AuditRecord> records = Records();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].actor, "catalogue-file");
  EXPECT_EQ(records[0].payload.at("id").as_string(), "werk.duurzaam");
  EXPECT_EQ(records[1].payload.at("id").as_string(), "werk.uitstroom");
  EXPECT_TRUE(audit_->Verify()->ok);
}

}  // namespace
}  // namespace kpiwatch::daemon
