// Backup and restore with the real kpiwatchd: `kpiwatch admin backup --out DIR` writes a
// checkpoint while the daemon runs; a second daemon started on a copy of DIR holds the
// data, alerts and audit chain of the moment of the backup (and nothing ingested later),
// and its chain verifies. Refusals: an existing or relative directory, a non-admin token.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <thread>

#include "client/http_client.h"
#include "tests/support/daemon_process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_catalogue.h"
#include "tests/support/tokens_yaml.h"

namespace kpiwatch {
namespace {

using testing::DaemonProcess;
using testing::RunCli;
using testing::TempDir;
using testing::WriteFile;

const std::string kAdmin = "admin-token-9c1d";
const std::string kSteward = "steward-token-2e3f";

std::string TokensYaml() {
  return testing::TokensFileYaml({{"olga", kAdmin, "admin"}, {"sam", kSteward, "steward"}});
}

// 36 months of werk.uitstroom/`unit`: 24 at 40 +- 2, then 12 at 60 +- 2 (a level shift).
std::string ShiftedCsv(const std::string& unit) {
  std::string csv = "indicator,unit,period,value\n";
  for (int month = 0; month < 36; ++month) {
    int year = 2024 + month / 12, in_year = month % 12 + 1;
    csv += "werk.uitstroom," + unit + "," + std::to_string(year) + (in_year < 10 ? "-0" : "-") +
           std::to_string(in_year) + "," + std::to_string((month < 24 ? 40 : 60) + (month * 3) % 5 - 2) + "\n";
  }
  return csv;
}

class BackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(dir_ / "catalogue.yaml", std::string("indicators:\n") + testing::kUitstroomEntry);
    WriteFile(dir_ / "rules.yaml", testing::kLevelShiftRules);
    WriteFile(dir_ / "tokens.yaml", TokensYaml());
    live_ = MakeDaemon(dir_ / "var");
    ASSERT_TRUE(live_->Start()) << live_->log();
  }

  std::unique_ptr<DaemonProcess> MakeDaemon(const std::filesystem::path& data_dir) {
    return std::make_unique<DaemonProcess>(
        data_dir, std::vector<std::string>{"--catalogue", (dir_ / "catalogue.yaml").string(), "--rules",
                                           (dir_ / "rules.yaml").string(), "--tokens",
                                           (dir_ / "tokens.yaml").string()});
  }

  client::HttpReply Call(const DaemonProcess& daemon, const std::string& method, const std::string& target,
                         const std::string& body = "", const std::string& content_type = "",
                         const std::string& token = kAdmin) {
    Result<client::HttpReply> reply = client::HttpCall(daemon.url(), method, target, body, content_type, token);
    EXPECT_TRUE(reply.ok()) << reply.status().ToString();
    return reply.ok() ? *reply : client::HttpReply{};
  }

  boost::json::value Json(const DaemonProcess& daemon, const std::string& target) {
    client::HttpReply reply = Call(daemon, "GET", target);
    EXPECT_EQ(reply.status, 200) << reply.body;
    boost::system::error_code error;
    boost::json::value json = boost::json::parse(reply.body, error);
    EXPECT_FALSE(error) << reply.body;
    return json;
  }

  // Waits until `daemon` lists at least one alert; returns the alerts.
  boost::json::array WaitForAlerts(const DaemonProcess& daemon) {
    for (int attempt = 0; attempt < 600; ++attempt) {
      boost::json::value alerts = Json(daemon, "/v1/alerts");
      if (alerts.is_object() && !alerts.at("alerts").as_array().empty()) return alerts.at("alerts").as_array();
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "no alert was raised\n" << daemon.log();
    return {};
  }

  testing::CommandResult Cli(const DaemonProcess& daemon, std::vector<std::string> args,
                             const std::string& token = kAdmin) {
    args.insert(args.begin(), {"--server", daemon.url(), "--token", token});
    return RunCli(args);
  }

  TempDir dir_;
  std::unique_ptr<DaemonProcess> live_;
};

TEST_F(BackupTest, ADaemonStartedOnACopyOfTheBackupHoldsTheDataAlertsAndAuditChainOfThatMoment) {
  ASSERT_EQ(Call(*live_, "POST", "/v1/observations", ShiftedCsv("zwolle"), "text/csv").status, 200);
  boost::json::array alerts = WaitForAlerts(*live_);
  ASSERT_EQ(alerts.size(), 1u);

  const std::filesystem::path backup = dir_ / "backup-1";
  testing::CommandResult made = Cli(*live_, {"admin", "backup", "--out", backup.string(), "--json"});
  ASSERT_EQ(made.exit_code, 0) << made.output;
  boost::json::value report = boost::json::parse(made.output);
  EXPECT_EQ(report.at("dir").as_string(), backup.string());
  EXPECT_GT(report.at("bytes").to_number<std::uint64_t>(), 0u);
  std::uint64_t audit_seq = report.at("audit_seq").to_number<std::uint64_t>();
  EXPECT_TRUE(std::filesystem::is_directory(backup / "db"));

  // The backup is audited in the live daemon, after the records the backup holds.
  boost::json::array backups = Json(*live_, "/v1/audit?kind=backup").at("records").as_array();
  ASSERT_EQ(backups.size(), 1u);
  EXPECT_EQ(backups[0].at("actor").as_string(), "olga");
  EXPECT_EQ(backups[0].at("payload").at("dir").as_string(), backup.string());
  EXPECT_EQ(backups[0].at("seq").to_number<std::uint64_t>(), audit_seq + 1);
  // Ingested after the backup: must not be in it.
  ASSERT_EQ(Call(*live_, "POST", "/v1/observations", ShiftedCsv("deventer"), "text/csv").status, 200);
  boost::json::array live_records = Json(*live_, "/v1/audit?limit=1000").at("records").as_array();

  const std::filesystem::path restored = dir_ / "restored";
  std::filesystem::copy(backup, restored, std::filesystem::copy_options::recursive);
  std::unique_ptr<DaemonProcess> second = MakeDaemon(restored);
  ASSERT_TRUE(second->Start()) << second->log();

  boost::json::value verify = Json(*second, "/v1/audit/verify");
  EXPECT_TRUE(verify.at("ok").as_bool()) << boost::json::serialize(verify);
  EXPECT_GE(verify.at("records").to_number<std::uint64_t>(), audit_seq);
  // The restored chain is the live chain up to the backup, record for record.
  boost::json::array restored_records = Json(*second, "/v1/audit?limit=1000").at("records").as_array();
  ASSERT_GE(restored_records.size(), audit_seq);
  for (std::uint64_t i = 0; i < audit_seq; ++i) {
    EXPECT_EQ(restored_records[i].at("hash"), live_records[i].at("hash")) << "record " << i + 1;
  }
  EXPECT_TRUE(Json(*second, "/v1/audit?kind=backup").at("records").as_array().empty());

  boost::json::value zwolle = Json(*second, "/v1/series/werk.uitstroom/zwolle");
  EXPECT_EQ(zwolle.at("points").as_array().size(), 36u);
  EXPECT_EQ(zwolle, Json(*live_, "/v1/series/werk.uitstroom/zwolle"));
  EXPECT_TRUE(Json(*second, "/v1/series/werk.uitstroom/deventer").at("points").as_array().empty());
  boost::json::array restored_alerts = WaitForAlerts(*second);
  ASSERT_EQ(restored_alerts.size(), 1u);
  EXPECT_EQ(restored_alerts[0].at("id"), alerts[0].at("id"));
  EXPECT_EQ(restored_alerts[0].at("unit").as_string(), "zwolle");
  EXPECT_EQ(second->Stop(), 0);
}

TEST_F(BackupTest, ABackupNeverOverwritesAndNeedsTheAdminRole) {
  const std::filesystem::path existing = dir_ / "taken";
  std::filesystem::create_directories(existing);
  testing::CommandResult refused = Cli(*live_, {"admin", "backup", "--out", existing.string()});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.output.find("already exists"), std::string::npos) << refused.output;
  EXPECT_TRUE(std::filesystem::is_empty(existing));

  client::HttpReply relative = Call(*live_, "POST", "/v1/admin/backup", R"({"dir":"backups/x"})", "application/json");
  EXPECT_EQ(relative.status, 400) << relative.body;
  client::HttpReply no_parent =
      Call(*live_, "POST", "/v1/admin/backup", R"({"dir":")" + (dir_ / "none" / "x").string() + R"("})",
           "application/json");
  EXPECT_EQ(no_parent.status, 404) << no_parent.body;
  EXPECT_EQ(Call(*live_, "POST", "/v1/admin/backup", "", "", kSteward).status, 403);

  // Without --out: a new directory under <data_dir>/backups, every time.
  testing::CommandResult first = Cli(*live_, {"admin", "backup", "--json"});
  testing::CommandResult again = Cli(*live_, {"admin", "backup", "--json"});
  ASSERT_EQ(first.exit_code, 0) << first.output;
  ASSERT_EQ(again.exit_code, 0) << again.output;
  std::filesystem::path first_dir(std::string(boost::json::parse(first.output).at("dir").as_string()));
  std::filesystem::path again_dir(std::string(boost::json::parse(again.output).at("dir").as_string()));
  EXPECT_EQ(first_dir.parent_path(), dir_ / "var" / "backups");
  EXPECT_NE(first_dir, again_dir);
  EXPECT_TRUE(std::filesystem::is_directory(again_dir / "db"));
  EXPECT_EQ(Json(*live_, "/v1/audit?kind=backup").at("records").as_array().size(), 2u);
  EXPECT_TRUE(Json(*live_, "/v1/audit/verify").at("ok").as_bool());
}

}  // namespace
}  // namespace kpiwatch
