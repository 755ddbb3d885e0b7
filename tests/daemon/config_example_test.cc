// The shipped example config (daemon/dist/kpiwatchd.yaml, installed with the systemd unit)
// loads without errors and says what docs/operations.md says it does.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "daemon/config.h"
#include "daemon/config_keys.h"
#include "tests/support/temp_dir.h"

namespace kpiwatch::daemon {
namespace {

TEST(ConfigExampleTest, TheShippedExampleLoadsWithTheDocumentedValues) {
  Result<Config> config = LoadConfigFile(std::filesystem::path(KPIWATCH_SOURCE_DIR) / "daemon/dist/kpiwatchd.yaml");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->data_dir, "/var/lib/kpiwatch");
  EXPECT_EQ(config->database_dir(), "/var/lib/kpiwatch/db");
  EXPECT_EQ(config->listen, "0.0.0.0:8470");
  ASSERT_TRUE(config->tokens_file.has_value()) << "a non-loopback address needs a tokens file";
  EXPECT_EQ(*config->tokens_file, "/etc/kpiwatch/tokens.yaml");
  EXPECT_TRUE(config->sync_writes);
  ASSERT_TRUE(config->notify.smtp.has_value());
  EXPECT_EQ(config->notify.smtp->tls, notify::SmtpTls::kStartTls);
  ASSERT_EQ(config->notify.groups.size(), 1u);
  EXPECT_EQ(config->notify.groups[0].language, notify::Language::kDutch);
}

TEST(ConfigExampleTest, TheOperationsGuideDocumentsEveryKey) {
  std::ifstream in(std::filesystem::path(KPIWATCH_SOURCE_DIR) / "docs/operations.md");
  std::stringstream guide;
  guide << in.rdbuf();
  ASSERT_FALSE(guide.str().empty());
  std::vector<std::string> keys = ConfigKeys();
  EXPECT_GT(keys.size(), 10u);
  for (const std::string& key : keys) {
    std::string row = "| `" + key + (key == "notify" ? "." : "`");
    EXPECT_NE(guide.str().find(row), std::string::npos) << "docs/operations.md has no row for " << key;
  }
}

TEST(ConfigExampleTest, AMisspeltKeyIsAnErrorWithItsPosition) {
  testing::TempDir dir;
  testing::WriteFile(dir / "kpiwatchd.yaml", "storage:\n  sync_write: false\n");
  Result<Config> config = LoadConfigFile(dir / "kpiwatchd.yaml");
  ASSERT_FALSE(config.ok());
  ASSERT_EQ(config.status().details().size(), 1u);
  EXPECT_EQ(config.status().details()[0].field, "storage.sync_write");
  EXPECT_EQ(config.status().details()[0].line, 2);
}

}  // namespace
}  // namespace kpiwatch::daemon
