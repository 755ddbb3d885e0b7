// The real kpiwatchd with a tokens file: 401/403/200 by role, the audit trail of ingest,
// restatement and indicator changes, `kpiwatch audit verify`, and tampering found after
// a restart. Also: a bad tokens file or a non-loopback address without one stops start-up.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "client/http_client.h"
#include "daemon/audit/sha256.h"
#include "daemon/daemon.h"
#include "daemon/store/database.h"
#include "daemon/store/key_encoding.h"
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

const std::string kCatalogue =
    std::string("indicators:\n") + testing::kUitstroomEntry + testing::kDuurzaamEntry;
const std::string kLoader = "loader-token-1b2c";    // ingest
const std::string kSteward = "steward-token-3d4e";  // steward
const std::string kCarla = "carla-token-5f60";      // controller
const std::string kAudrey = "audrey-token-7a8b";    // auditor

std::string TokensYaml() {
  return testing::TokensFileYaml({{"loader", kLoader, "ingest"},
                                  {"sam", kSteward, "steward"},
                                  {"carla", kCarla, "controller"},
                                  {"audrey", kAudrey, "auditor"}});
}

const std::string kFirstBatch = "indicator,unit,period,value\nwerk.uitstroom,zwolle,2024-01,41\n";
const std::string kRestating = "indicator,unit,period,value\nwerk.uitstroom,zwolle,2024-01,47\n";
const std::string kNewIndicator =
    R"({"name":"Aanmeldingen schuldhulp","definition":"New requests for debt assistance.",
    "unit":"count","direction":"lower_is_better","cadence":"month"})";

class AuditAccessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(dir_ / "catalogue.yaml", kCatalogue);
    WriteFile(dir_ / "tokens.yaml", TokensYaml());
    // No detection rules, so the audit trail holds exactly what the tests do.
    WriteFile(dir_ / "rules.yaml", "rules: []\n");
    daemon_ = std::make_unique<DaemonProcess>(
        dir_ / "var", std::vector<std::string>{"--catalogue", (dir_ / "catalogue.yaml").string(),
                                               "--rules", (dir_ / "rules.yaml").string(),
                                               "--tokens", (dir_ / "tokens.yaml").string()});
    ASSERT_TRUE(daemon_->Start()) << daemon_->log();
  }

  client::HttpReply Call(const std::string& token, const std::string& method,
                         const std::string& target, const std::string& body = "",
                         const std::string& content_type = "") {
    Result<client::HttpReply> reply =
        client::HttpCall(daemon_->url(), method, target, body, content_type, token);
    EXPECT_TRUE(reply.ok()) << reply.status().ToString();
    return reply.ok() ? *reply : client::HttpReply{};
  }

  testing::CommandResult Cli(const std::string& token, std::vector<std::string> args) {
    args.insert(args.begin(), {"--server", daemon_->url(), "--token", token});
    return RunCli(args);
  }

  boost::json::array AuditRecords(const std::string& query = "") {
    client::HttpReply reply = Call(kAudrey, "GET", "/v1/audit" + query);
    EXPECT_EQ(reply.status, 200) << reply.body;
    if (reply.status != 200) return {};
    return boost::json::parse(reply.body).at("records").as_array();
  }

  TempDir dir_;
  std::unique_ptr<DaemonProcess> daemon_;
};

TEST_F(AuditAccessTest, EachRouteAnswersByRole) {
  EXPECT_EQ(Call("", "GET", "/v1/indicators").status, 401);
  client::HttpReply wrong = Call("no-such-token", "GET", "/v1/indicators");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(boost::json::parse(wrong.body).at("error").at("code").as_string(), "unauthenticated");
  EXPECT_EQ(Call(kCarla, "GET", "/v1/indicators").status, 200);
  EXPECT_EQ(Call(kLoader, "GET", "/v1/series/werk.uitstroom/zwolle").status, 200);

  EXPECT_EQ(Call(kCarla, "POST", "/v1/observations", kFirstBatch, "text/csv").status, 403);
  EXPECT_EQ(Call(kLoader, "POST", "/v1/observations", kFirstBatch, "text/csv").status, 200);
  EXPECT_EQ(
      Call(kLoader, "PUT", "/v1/indicators/schuld.aanmeldingen", kNewIndicator, "application/json")
          .status,
      403);
  EXPECT_EQ(
      Call(kSteward, "PUT", "/v1/indicators/schuld.aanmeldingen", kNewIndicator, "application/json")
          .status,
      201);
  EXPECT_EQ(Call(kLoader, "GET", "/v1/audit").status, 403);
  EXPECT_EQ(Call(kAudrey, "GET", "/v1/audit/verify").status, 200);
  EXPECT_EQ(Call("", "GET", "/healthz").status, 200);
  EXPECT_EQ(Call("", "GET", "/metrics").status, 200);

  boost::json::array denials = AuditRecords("?kind=auth.denied");
  ASSERT_EQ(denials.size(), 5u);
  EXPECT_EQ(denials[2].at("payload").at("token_name").as_string(), "carla");
  EXPECT_EQ(denials[2].at("payload").at("path").as_string(), "/v1/observations");
  EXPECT_EQ(denials[2].at("payload").at("remote_address").as_string(), "127.0.0.1");
  std::string log = daemon_->log();
  for (const std::string& token : {kLoader, kSteward, kCarla, kAudrey}) {
    EXPECT_EQ(log.find(token), std::string::npos) << "a token in the log";
  }

  // The CLI sends its --token as a bearer token.
  EXPECT_EQ(Cli(kCarla, {"indicators"}).exit_code, 0);
  testing::CommandResult refused = Cli(kCarla, {"audit"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.output.find("'carla' needs the role auditor"), std::string::npos)
      << refused.output;
}

TEST_F(AuditAccessTest, StateChangesAreAuditedInOrderAndTamperingIsFoundAfterARestart) {
  ASSERT_EQ(Call(kLoader, "POST", "/v1/observations", kFirstBatch, "text/csv").status, 200);
  ASSERT_EQ(Call(kLoader, "POST", "/v1/observations", kRestating, "text/csv").status, 200);
  ASSERT_EQ(
      Call(kSteward, "PUT", "/v1/indicators/schuld.aanmeldingen", kNewIndicator, "application/json")
          .status,
      201);

  boost::json::array records = AuditRecords();
  std::vector<std::string> trail;
  for (const auto& record : records) {
    trail.push_back(std::string(record.at("kind").as_string()) + " by " +
                    std::string(record.at("actor").as_string()));
  }
  EXPECT_EQ(trail,
            (std::vector<std::string>{"indicator by catalogue-file", "indicator by catalogue-file",
                                      "rules by rules-file", "ingest by loader", "ingest by loader",
                                      "restatement by loader", "indicator by sam"}));
  ASSERT_EQ(records.size(), 7u);
  const auto& restatement = records[5].at("payload");
  EXPECT_EQ(restatement.at("period").as_string(), "2024-01");
  EXPECT_EQ(restatement.at("old_value").to_number<double>(), 41.0);
  EXPECT_EQ(restatement.at("new_value").to_number<double>(), 47.0);
  EXPECT_EQ(records[3].at("payload").at("body_sha256").as_string(), daemon::Sha256Hex(kFirstBatch));
  EXPECT_EQ(records[6].at("payload").at("id").as_string(), "schuld.aanmeldingen");
  EXPECT_EQ(records[6].at("payload").at("change").as_string(), "declared");

  testing::CommandResult verified = Cli(kAudrey, {"audit", "verify"});
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
  EXPECT_NE(verified.output.find("audit trail intact: 7 records verified"), std::string::npos)
      << verified.output;
  testing::CommandResult listed = Cli(kAudrey, {"audit", "--kind", "restatement"});
  EXPECT_EQ(listed.exit_code, 0) << listed.output;
  EXPECT_NE(listed.output.find("restatement"), std::string::npos) << listed.output;
  EXPECT_EQ(listed.output.find("catalogue-file"), std::string::npos) << listed.output;

  // Someone with access to the files changes the restated value in record 6.
  ASSERT_EQ(daemon_->Stop(), 0) << daemon_->log();
  {
    auto database = store::Database::Open({.path = daemon_->data_dir() / "db"});
    ASSERT_TRUE(database.ok()) << database.status().ToString();
    std::string key;
    store::AppendBigEndian64(key, 6);
    rocksdb::ColumnFamilyHandle* audit = (*database)->handle(store::Family::kAudit);
    std::string value;
    ASSERT_TRUE((*database)->db()->Get({}, audit, key, &value).ok());
    std::size_t at = value.find("\"new_value\":47");
    ASSERT_NE(at, std::string::npos) << value;
    value.replace(at, 14, "\"new_value\":44");
    ASSERT_TRUE((*database)->db()->Put({}, audit, key, value).ok());
  }
  ASSERT_TRUE(daemon_->Start()) << daemon_->log();
  testing::CommandResult broken = Cli(kAudrey, {"audit", "verify"});
  EXPECT_EQ(broken.exit_code, 1) << broken.output;
  EXPECT_NE(broken.output.find("audit trail BROKEN at seq 6: hash mismatch"), std::string::npos)
      << broken.output;
  testing::CommandResult json = Cli(kAudrey, {"audit", "verify", "--json"});
  EXPECT_EQ(json.exit_code, 1);
  EXPECT_EQ(boost::json::parse(json.output).at("first_broken_seq").to_number<int>(), 6)
      << json.output;
}

TEST(AuditAccessStartupTest, ABadTokensFileStopsTheDaemonWithThePosition) {
  TempDir dir;
  WriteFile(dir / "tokens.yaml",
            "tokens:\n  - name: alice\n    sha256: 1234\n    roles: [admin]\n");
  DaemonProcess daemon(dir / "var", {"--tokens", (dir / "tokens.yaml").string()});
  EXPECT_FALSE(daemon.Start());
  EXPECT_NE(daemon.log().find("tokens.yaml:3:13: sha256: must be the SHA-256 of the token"),
            std::string::npos)
      << daemon.log();
}

TEST(AuditAccessStartupTest, WithoutATokensFileOnlyLoopbackIsServed) {
  TempDir dir;
  daemon::Config config;
  config.data_dir = dir / "var";
  config.spool_enabled = false;
  config.listen = "0.0.0.0:0";
  daemon::Daemon refused(config);
  Status started = refused.Start();
  EXPECT_EQ(started.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(started.message().find("not a loopback address"), std::string::npos)
      << started.message();

  config.listen = "[::1]:0";
  daemon::Daemon loopback(config);
  Status ipv6 = loopback.Start();
  // An IPv6-less machine cannot bind ::1; anything but the loopback refusal is fine here.
  EXPECT_EQ(ipv6.message().find("not a loopback address"), std::string::npos) << ipv6.message();
  loopback.Stop();
}

}  // namespace
}  // namespace kpiwatch
