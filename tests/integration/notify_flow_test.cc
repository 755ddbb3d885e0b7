// The real kpiwatchd from an alert to an e-mail: with no SMTP configured the message
// lands in the maildir under the data dir; with the SMTP server down and the daemon
// killed (SIGKILL) while the message waits in the outbox, it is delivered exactly once
// after the restart, when the server is up; the hourly cap of an immediate group counts the
// messages sent before a restart.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "client/http_client.h"
#include "tests/support/daemon_process.h"
#include "tests/support/mail_parse.h"
#include "tests/support/smtp_server.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_catalogue.h"

namespace kpiwatch {
namespace {

using testing::DaemonProcess;
using testing::TempDir;
using testing::WriteFile;

const std::string kCatalogue = std::string("indicators:\n") + testing::kUitstroomEntry;

const std::string kRules = testing::kLevelShiftRules;

const std::string kGroups = R"(notify:
  from: kpiwatch@gemeente.example
  retry: {initial_seconds: 1, max_seconds: 1}
  groups:
    - name: controllers
      addresses: [controller@gemeente.example]
      language: nl
)";

// 36 months of werk.uitstroom/`unit`: 24 around 40, then 12 around 60 (sd 2.5); seeded.
std::string ShiftedCsv(const std::string& unit = "zwolle") {
  std::mt19937_64 engine(20261202);
  std::normal_distribution<double> noise(0.0, 2.5);
  std::ostringstream csv;
  csv << "indicator,unit,period,value\n";
  for (int month = 0; month < 36; ++month) {
    int year = 2024 + month / 12, in_year = month % 12 + 1;
    csv << "werk.uitstroom," << unit << "," << year << (in_year < 10 ? "-0" : "-") << in_year << ","
        << std::round((month < 24 ? 40.0 : 60.0) + noise(engine)) << "\n";
  }
  return csv.str();
}

class NotifyFlowTest : public ::testing::Test {
 protected:
  void StartDaemon(const std::string& config) {
    WriteFile(dir_ / "catalogue.yaml", kCatalogue);
    WriteFile(dir_ / "rules.yaml", kRules);
    WriteFile(dir_ / "kpiwatchd.yaml", config);
    daemon_ = std::make_unique<DaemonProcess>(
        dir_ / "var", std::vector<std::string>{"--config", (dir_ / "kpiwatchd.yaml").string(), "--catalogue",
                                               (dir_ / "catalogue.yaml").string(), "--rules",
                                               (dir_ / "rules.yaml").string()});
    ASSERT_TRUE(daemon_->Start()) << daemon_->log();
  }

  boost::json::value Get(const std::string& target) {
    Result<client::HttpReply> reply = client::HttpCall(daemon_->url(), "GET", target, "", "");
    EXPECT_TRUE(reply.ok() && reply->status == 200) << (reply.ok() ? reply->body : reply.status().ToString());
    if (!reply.ok()) return {};
    boost::system::error_code error;
    boost::json::value json = boost::json::parse(reply->body, error);
    return error ? boost::json::value{} : json;
  }

  // Ingests the shifted series of `unit` and waits until its alert was raised (the first
  // alert of the unit); returns the alert id.
  std::int64_t RaiseAlert(const std::string& unit = "zwolle") {
    Result<client::HttpReply> reply =
        client::HttpCall(daemon_->url(), "POST", "/v1/observations", ShiftedCsv(unit), "text/csv");
    EXPECT_TRUE(reply.ok() && reply->status == 200) << (reply.ok() ? reply->body : "no reply");
    for (int attempt = 0; attempt < 600; ++attempt) {
      boost::json::value alerts = Get("/v1/alerts?unit=" + unit);
      if (alerts.is_object() && !alerts.at("alerts").as_array().empty()) {
        return alerts.at("alerts").as_array().at(0).at("id").to_number<std::int64_t>();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "no alert was raised\n" << daemon_->log();
    return 0;
  }

  TempDir dir_;
  std::unique_ptr<DaemonProcess> daemon_;
};

std::vector<std::filesystem::path> MaildirFiles(const std::filesystem::path& new_dir) {
  std::vector<std::filesystem::path> files;
  if (!std::filesystem::exists(new_dir)) return files;
  for (const auto& entry : std::filesystem::directory_iterator(new_dir)) files.push_back(entry.path());
  return files;
}

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST_F(NotifyFlowTest, WithoutSmtpTheAlertMailLandsInTheMaildirInTheGroupsLanguage) {
  StartDaemon(kGroups);
  std::int64_t id = RaiseAlert();
  ASSERT_GT(id, 0);
  std::filesystem::path new_dir = dir_ / "var" / "mail" / "new";
  for (int attempt = 0; attempt < 200 && MaildirFiles(new_dir).empty(); ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::vector<std::filesystem::path> files = MaildirFiles(new_dir);
  ASSERT_EQ(files.size(), 1u) << daemon_->log();
  EXPECT_EQ(files[0].extension(), ".eml");
  testing::ParsedMail mail = testing::ParseMail(ReadAll(files[0]));
  EXPECT_EQ(mail.Header("X-Kpiwatch-Alert"), std::to_string(id));
  EXPECT_NE(testing::DecodeHeader(mail.Header("Subject")).find("Uitstroom naar werk (zwolle)"), std::string::npos)
      << mail.Header("Subject");
  EXPECT_NE(mail.Part("text/plain").find("kpiwatch interpret " + std::to_string(id)), std::string::npos)
      << mail.Part("text/plain");
  EXPECT_NE(mail.Part("text/plain").find("duiding"), std::string::npos) << "Dutch group, Dutch text";

  boost::json::value health = Get("/healthz");
  EXPECT_EQ(health.at("notifications").at("transport").as_string().find("maildir"), 0u)
      << boost::json::serialize(health);
}

TEST_F(NotifyFlowTest, AMessagePendingWhenTheDaemonIsKilledIsDeliveredOnceAfterRestart) {
  if (!testing::SmtpServer::Available()) GTEST_SKIP() << "/usr/bin/python3 cannot import aiosmtpd";
  testing::SmtpServer server(dir_ / "received");  // not started yet: the SMTP server is down
  const std::string config = kGroups + "  smtp: {host: 127.0.0.1, port: " + std::to_string(server.port()) +
                             ", tls: none, connect_timeout_seconds: 2, timeout_seconds: 5}\n";
  StartDaemon(config);
  std::int64_t id = RaiseAlert();
  ASSERT_GT(id, 0);
  // The worker publishes `queued` at the end of a pass, `failed_attempts` during it: wait for both.
  int failed_attempts = 0, queued = 0;
  for (int attempt = 0; attempt < 200 && (failed_attempts == 0 || queued != 1); ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    boost::json::value notifications = Get("/healthz").at("notifications");
    failed_attempts = notifications.at("failed_attempts").to_number<int>();
    queued = notifications.at("queued").to_number<int>();
  }
  ASSERT_GT(failed_attempts, 0) << "the first send should fail with the server down\n" << daemon_->log();
  ASSERT_EQ(queued, 1) << "the failed message stays in the outbox";

  daemon_->Kill();
  ASSERT_TRUE(server.Start()) << server.log();
  ASSERT_TRUE(daemon_->Start()) << daemon_->log();
  for (int attempt = 0; attempt < 400 && server.Received().empty(); ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(server.Received().size(), 1u) << daemon_->log();
  // The outbox is empty once the server accepted the message, so nothing is sent twice.
  for (int attempt = 0; attempt < 100; ++attempt) {
    if (Get("/healthz").at("notifications").at("queued").to_number<int>() == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(Get("/healthz").at("notifications").at("queued").to_number<int>(), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // > one retry interval
  ASSERT_EQ(server.Received().size(), 1u);
  testing::ParsedMail mail = testing::ParseMail(server.Received()[0].data);
  EXPECT_EQ(mail.Header("X-Kpiwatch-Alert"), std::to_string(id));
  EXPECT_EQ(server.Received()[0].rcpt_to, std::vector<std::string>{"controller@gemeente.example"});
  EXPECT_EQ(Get("/v1/alerts").at("alerts").as_array().size(), 1u) << "the restart raised no second alert";
}

TEST_F(NotifyFlowTest, TheHourlyCapCountsTheMessagesQueuedBeforeARestart) {
  const std::string capped = kGroups + "      hourly_cap: 1\n";
  StartDaemon(capped);
  ASSERT_GT(RaiseAlert("zwolle"), 0);
  std::filesystem::path new_dir = dir_ / "var" / "mail" / "new";
  for (int attempt = 0; attempt < 200 && MaildirFiles(new_dir).empty(); ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(MaildirFiles(new_dir).size(), 1u) << daemon_->log();

  daemon_->Stop();
  ASSERT_TRUE(daemon_->Start()) << daemon_->log();
  ASSERT_GT(RaiseAlert("deventer"), 0);
  // Over the cap of the hour that began before the restart: a digest item, not a second mail.
  int digest_items = 0;
  for (int attempt = 0; attempt < 200 && digest_items == 0; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    digest_items = Get("/healthz").at("notifications").at("digest_items").to_number<int>();
  }
  EXPECT_EQ(digest_items, 1) << daemon_->log();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(MaildirFiles(new_dir).size(), 1u) << "the second alert was mailed at once\n" << daemon_->log();
}

}  // namespace
}  // namespace kpiwatch
