// RuleService on a real RocksDB: default rules, activation with versions and diffs,
// refused rule sets, the rules file, restart.
#include "daemon/rules/rule_service.h"

#include <gtest/gtest.h>

#include "tests/support/fake_clock.h"
#include "tests/support/temp_dir.h"

namespace kpiwatch::daemon {
namespace {

const std::string kLevelShift = R"(rules:
  - name: level-shift
    detector: pelt
    select: {indicators: ["werk.*"]}
)";

const std::string kTwoRules = kLevelShift + R"(  - name: outliers
    detector: outlier
    severity: info
)";

class RuleServiceTest : public ::testing::Test {
 protected:
  void Open(std::optional<std::filesystem::path> file = std::nullopt) {
    rules_.reset();
    catalogue_.reset();
    audit_.reset();
    database_.reset();
    auto database = store::Database::Open({.path = dir_ / "db", .sync_writes = false});
    ASSERT_TRUE(database.ok()) << database.status().ToString();
    database_ = std::move(*database);
    audit_ = std::make_unique<AuditLog>(*database_, clock_);
    ASSERT_TRUE(audit_->Start().ok());
    catalogue_ = std::make_unique<CatalogueService>(*database_, *audit_, std::nullopt);
    ASSERT_TRUE(catalogue_->Start().ok());
    rules_ = std::make_unique<RuleService>(*database_, *audit_, *catalogue_, clock_, std::move(file));
    start_status_ = rules_->Start();
  }

  testing::TempDir dir_;
  testing::FakeClock clock_;
  std::unique_ptr<store::Database> database_;
  std::unique_ptr<AuditLog> audit_;
  std::unique_ptr<CatalogueService> catalogue_;
  std::unique_ptr<RuleService> rules_;
  Status start_status_;
};

TEST_F(RuleServiceTest, WithoutRulesTheDefaultSetIsActivatedAsVersionOne) {
  Open();
  ASSERT_TRUE(start_status_.ok()) << start_status_.ToString();
  auto current = rules_->Current();
  EXPECT_EQ(current->version, 1);
  EXPECT_EQ(current->source, "default rules");
  EXPECT_FALSE(current->rules.rules.empty());
  auto records = audit_->Read(1, std::string("rules"), 10);
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ(records->at(0).payload.at("version").to_number<int>(), 1);
}

TEST_F(RuleServiceTest, ActivationStoresVersionsWithAuthorAndDiffAndSkipsUnchangedText) {
  Open();
  auto first = rules_->Activate(kLevelShift, "PUT /v1/rules", "carol");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ((*first)->version, 2);
  auto second = rules_->Activate(kTwoRules, "PUT /v1/rules", "carol");
  ASSERT_TRUE(second.ok());
  EXPECT_EQ((*second)->version, 3);
  EXPECT_EQ((*second)->diff.added, (std::vector<std::string>{"outliers"}));
  EXPECT_EQ((*second)->diff.Summary(), "1 added (outliers)");
  auto again = rules_->Activate(kTwoRules, "PUT /v1/rules", "dave");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->version, 3);
  EXPECT_EQ((*again)->author, "carol");

  auto versions = rules_->Versions();
  ASSERT_EQ(versions->size(), 3u);
  EXPECT_EQ(versions->at(2).author, "carol");
  EXPECT_EQ(versions->at(2).text, kTwoRules);
  EXPECT_EQ(versions->at(1).diff.removed.empty(), false);  // the defaults were replaced

  Open();  // restart: the latest version is active again
  EXPECT_EQ(rules_->Current()->version, 3);
  EXPECT_EQ(rules_->Current()->rules.rules.size(), 2u);
}

TEST_F(RuleServiceTest, AnInvalidSetIsRefusedWithPositionsAndTheRunningOneStays) {
  Open();
  auto refused = rules_->Activate("rules:\n  - name: x\n    detector: pelt2\n", "PUT /v1/rules", "carol");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  ASSERT_EQ(refused.status().details().size(), 1u);
  EXPECT_EQ(refused.status().details()[0].line, 3);
  EXPECT_NE(refused.status().message().find("    detector: pelt2\n"), std::string::npos)
      << refused.status().message();
  EXPECT_EQ(rules_->Current()->version, 1);
  EXPECT_EQ(rules_->Versions()->size(), 1u);
}

TEST_F(RuleServiceTest, TheRulesFileIsAppliedAtStartAndOnReload) {
  testing::WriteFile(dir_ / "rules.yaml", kLevelShift);
  Open(dir_ / "rules.yaml");
  ASSERT_TRUE(start_status_.ok()) << start_status_.ToString();
  EXPECT_EQ(rules_->Current()->source, (dir_ / "rules.yaml").string());
  EXPECT_EQ(rules_->Current()->rules.rules.size(), 1u);

  testing::WriteFile(dir_ / "rules.yaml", "rules:\n  - name: broken\n");
  EXPECT_FALSE(rules_->ReloadFile().ok());
  EXPECT_EQ(rules_->Current()->rules.rules.size(), 1u);
  testing::WriteFile(dir_ / "rules.yaml", kTwoRules);
  ASSERT_TRUE(rules_->ReloadFile().ok());
  EXPECT_EQ(rules_->Current()->rules.rules.size(), 2u);
  EXPECT_EQ(rules_->Current()->author, "rules-file");
}

TEST_F(RuleServiceTest, AnInvalidRulesFileAtFirstStartLeavesTheDefaultsActive) {
  testing::WriteFile(dir_ / "rules.yaml", "rules:\n  - detector: pelt\n");
  Open(dir_ / "rules.yaml");
  EXPECT_EQ(start_status_.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(rules_->Current()->source, "default rules");
}

}  // namespace
}  // namespace kpiwatch::daemon
