// The notify: section of kpiwatchd.yaml.
#include <gtest/gtest.h>

#include "daemon/config.h"
#include "tests/support/temp_dir.h"

namespace kpiwatch::daemon {
namespace {

using testing::TempDir;
using testing::WriteFile;

Result<Config> Load(const TempDir& dir, const std::string& yaml) {
  WriteFile(dir / "kpiwatchd.yaml", yaml);
  return LoadConfigFile(dir / "kpiwatchd.yaml");
}

std::vector<std::string> Errors(const Result<Config>& result, const TempDir& dir) {
  std::vector<std::string> out;
  std::string prefix = (dir / "kpiwatchd.yaml").string() + ":";
  for (const auto& detail : result.status().details()) {
    std::string text = detail.ToString();
    if (text.rfind(prefix, 0) == 0) text = text.substr(prefix.size());
    out.push_back(text);
  }
  return out;
}

TEST(NotifyConfigTest, ReadsGroupsSmtpAndRetry) {
  TempDir dir;
  auto config = Load(dir, R"(listen: 127.0.0.1:9000
notify:
  from: kpiwatch@gemeente.example
  base_url: https://kpi.gemeente.example/
  retry:
    initial_seconds: 10
    max_seconds: 600
    give_up_hours: 12
  groups:
    - name: controllers
      addresses: [a@gemeente.example, b@gemeente.example]
      language: nl
      mode: digest
      digest_at: "07:30"
      min_severity: critical
      hourly_cap: 5
    - name: stewards
      addresses: [c@gemeente.example]
  smtp:
    host: smtp.gemeente.example
    tls: implicit
    username: kpiwatch
    password: secret
    connect_timeout_seconds: 3
    timeout_seconds: 20
)");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->listen, "127.0.0.1:9000");
  const notify::NotifyConfig& n = config->notify;
  EXPECT_EQ(n.from, "kpiwatch@gemeente.example");
  EXPECT_EQ(n.base_url, "https://kpi.gemeente.example");  // trailing slash dropped
  EXPECT_EQ(n.retry.initial, std::chrono::seconds(10));
  EXPECT_EQ(n.retry.max, std::chrono::seconds(600));
  EXPECT_EQ(n.retry.give_up, std::chrono::hours(12));
  ASSERT_EQ(n.groups.size(), 2u);
  EXPECT_EQ(n.groups[0].name, "controllers");
  EXPECT_EQ(n.groups[0].addresses,
            (std::vector<std::string>{"a@gemeente.example", "b@gemeente.example"}));
  EXPECT_EQ(n.groups[0].language, notify::Language::kDutch);
  EXPECT_EQ(n.groups[0].mode, notify::DeliveryMode::kDigest);
  EXPECT_EQ(n.groups[0].digest_at, std::chrono::minutes(7 * 60 + 30));
  EXPECT_EQ(n.groups[0].min_severity, Severity::kCritical);
  EXPECT_EQ(n.groups[0].hourly_cap, 5);
  // Defaults of the second group.
  EXPECT_EQ(n.groups[1].language, notify::Language::kEnglish);
  EXPECT_EQ(n.groups[1].mode, notify::DeliveryMode::kImmediate);
  EXPECT_EQ(n.groups[1].min_severity, Severity::kWarning);
  EXPECT_EQ(n.groups[1].hourly_cap, 20);
  ASSERT_TRUE(n.smtp.has_value());
  EXPECT_EQ(n.smtp->host, "smtp.gemeente.example");
  EXPECT_EQ(n.smtp->tls, notify::SmtpTls::kImplicit);
  EXPECT_EQ(n.smtp->port, 465);  // implicit TLS without a port
  EXPECT_EQ(n.smtp->username, "kpiwatch");
  EXPECT_EQ(n.smtp->password, "secret");
  EXPECT_EQ(n.smtp->connect_timeout, std::chrono::seconds(3));
  EXPECT_EQ(n.smtp->timeout, std::chrono::seconds(20));
  EXPECT_EQ(n.FindGroup("stewards"), &n.groups[1]);
  EXPECT_EQ(n.FindGroup("nobody"), nullptr);
}

TEST(NotifyConfigTest, WithoutNotifySectionMailGoesToTheMaildir) {
  TempDir dir;
  auto config = Load(dir, "data_dir: /srv/kpiwatch\n");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_FALSE(config->notify.smtp.has_value());
  EXPECT_TRUE(config->notify.groups.empty());
  EXPECT_EQ(config->mail_path(), std::filesystem::path("/srv/kpiwatch/mail"));
  EXPECT_EQ(config->notify.from, "kpiwatch@localhost");
  EXPECT_EQ(config->notify.retry.give_up, std::chrono::hours(48));
}

TEST(NotifyConfigTest, SmtpDefaultsToStartTlsOnPort587) {
  TempDir dir;
  auto config = Load(dir, "notify:\n  smtp:\n    host: mail.example\n");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->notify.smtp->port, 587);
  EXPECT_EQ(config->notify.smtp->tls, notify::SmtpTls::kStartTls);
  EXPECT_TRUE(config->notify.smtp->username.empty());
  EXPECT_EQ(config->notify.smtp->connect_timeout, std::chrono::seconds(10));
  EXPECT_EQ(config->notify.smtp->timeout, std::chrono::seconds(60));
}

TEST(NotifyConfigTest, EveryBadValueIsReportedWithLineAndColumn) {
  TempDir dir;
  auto config = Load(dir, R"(notify:
  groups:
    - name: controllers
      addresses: [not-an-address]
      language: de
      mode: weekly
      digest_at: "25:00"
      min_severity: urgent
      hourly_cap: 0
    - addresses: [x@example.org]
      langauge: nl
    - name: controllers
      addresses: [y@example.org]
  smtp:
    port: 70000
    tls: ssl
  retry:
    initial_seconds: -1
  colour: blue
)");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(
      Errors(config, dir),
      (std::vector<std::string>{
          "4:19: notify.groups[0].addresses[0]: 'not-an-address' is not an e-mail address "
          "(name@domain)",
          "5:17: notify.groups[0].language: unknown language 'de' (allowed: en, nl)",
          "6:13: notify.groups[0].mode: unknown mode 'weekly' (allowed: immediate, digest)",
          "7:18: notify.groups[0].digest_at: '25:00' is not a time of day HH:MM (UTC), e.g. 08:00",
          "8:21: notify.groups[0].min_severity: unknown severity 'urgent' (allowed: info, warning, "
          "critical)",
          "9:19: notify.groups[0].hourly_cap: must be at least 1",
          "11:7: notify.groups[1].langauge: unknown setting (did you mean 'language'?)",
          "10:7: notify.groups[1].name: a group needs a name",
          "12:7: notify.groups[2].name: duplicate group name 'controllers'",
          "15:11: notify.smtp.port: port must be 1..65535",
          "16:10: notify.smtp.tls: unknown tls mode 'ssl' (allowed: none, starttls, implicit)",
          "15:5: notify.smtp.host: smtp needs a host",
          "18:22: notify.retry.initial_seconds: must be at least 1",
          "19:3: notify.colour: unknown setting",
      }));
}

TEST(NotifyConfigTest, OtherSettingsStillWork) {
  TempDir dir;
  auto config = Load(dir, "http:\n  worker_threads: 0\nnotify:\n  from: ok@example.org\n");
  ASSERT_FALSE(config.ok());
  ASSERT_EQ(config.status().details().size(), 1u);
  EXPECT_EQ(config.status().details()[0].field, "http.worker_threads");
  EXPECT_EQ(config.status().details()[0].reason, "must be at least 1");
}

}  // namespace
}  // namespace kpiwatch::daemon
