// The real kpiwatchd from rules to alerts: ingest -> alert -> interpret -> close ->
// steering status cleared; dedup of a re-found change; backtest equals live evaluation;
// rule upload (a bad set is refused with positions); alerts keep their rule version.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <cmath>
#include <random>
#include <set>
#include <thread>
#include <tuple>

#include "client/http_client.h"
#include "tests/support/daemon_process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_catalogue.h"

namespace kpiwatch {
namespace {

using testing::DaemonProcess;
using testing::TempDir;
using testing::WriteFile;

const std::string kCatalogue =
    std::string("indicators:\n") + testing::kUitstroomEntry + testing::kDuurzaamEntry;

const std::string kRules = testing::kLevelShiftRules;

// 24 months around 40, then 14 months around 60 (sd 2.5), from 2024-01; seeded.
std::vector<double> ShiftedSeries() {
  std::mt19937_64 engine(20261202);
  std::normal_distribution<double> noise(0.0, 2.5);
  std::vector<double> values;
  for (int month = 0; month < 38; ++month) values.push_back(std::round((month < 24 ? 40.0 : 60.0) + noise(engine)));
  return values;
}

std::string MonthOf(int index) {
  int year = 2024 + index / 12, month = index % 12 + 1;
  return std::to_string(year) + (month < 10 ? "-0" : "-") + std::to_string(month);
}

class AlertFlowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(dir_ / "catalogue.yaml", kCatalogue);
    WriteFile(dir_ / "rules.yaml", kRules);
    daemon_ = std::make_unique<DaemonProcess>(
        dir_ / "var", std::vector<std::string>{"--catalogue", (dir_ / "catalogue.yaml").string(), "--rules",
                                               (dir_ / "rules.yaml").string()});
    ASSERT_TRUE(daemon_->Start()) << daemon_->log();
  }

  client::HttpReply Call(const std::string& method, const std::string& target, const std::string& body = "",
                         const std::string& content_type = "") {
    Result<client::HttpReply> reply = client::HttpCall(daemon_->url(), method, target, body, content_type);
    EXPECT_TRUE(reply.ok()) << reply.status().ToString();
    return reply.ok() ? *reply : client::HttpReply{};
  }

  boost::json::value Json(const client::HttpReply& reply) {
    boost::system::error_code error;
    boost::json::value json = boost::json::parse(reply.body, error);
    EXPECT_FALSE(error) << reply.body;
    return json;
  }

  // Waits until the scheduler has nothing queued or running.
  void WaitForScheduler() {
    for (int attempt = 0; attempt < 600; ++attempt) {
      boost::json::value health = Json(Call("GET", "/healthz"));
      const auto& scheduler = health.at("scheduler");
      if (scheduler.at("queued").to_number<int>() == 0 && !scheduler.at("busy").as_bool()) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL() << "scheduler did not become idle";
  }

  void IngestMonth(int index, double value) {
    std::string csv = "indicator,unit,period,value\nwerk.uitstroom,zwolle," + MonthOf(index) + "," +
                      std::to_string(value) + "\n";
    auto reply = Call("POST", "/v1/observations", csv, "text/csv");
    ASSERT_EQ(reply.status, 200) << reply.body;
  }

  boost::json::array Alerts(const std::string& query = "") {
    auto reply = Call("GET", "/v1/alerts" + query);
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.status == 200 ? Json(reply).at("alerts").as_array() : boost::json::array{};
  }

  std::string Steering() {
    auto reply = Call("GET", "/v1/indicators/werk.uitstroom/steering-status");
    EXPECT_EQ(reply.status, 200) << reply.body;
    return std::string(Json(reply).at("status").as_string());
  }

  // Ingests the first `months` months one batch per month, as a source reporting monthly.
  void IngestMonthly(int months) {
    std::vector<double> values = ShiftedSeries();
    for (int i = 0; i < months; ++i) {
      IngestMonth(i, values[i]);
      WaitForScheduler();
    }
  }

  TempDir dir_;
  std::unique_ptr<DaemonProcess> daemon_;
};

TEST_F(AlertFlowTest, AShiftRaisesOneAlertThatIsInterpretedClosedAndClearsSteering) {
  IngestMonthly(36);
  boost::json::array alerts = Alerts();
  ASSERT_EQ(alerts.size(), 1u) << boost::json::serialize(alerts);
  const boost::json::object& alert = alerts.at(0).as_object();
  std::int64_t id = alert.at("id").to_number<std::int64_t>();
  EXPECT_EQ(alert.at("rule").as_string(), "level-shift");
  EXPECT_EQ(alert.at("rule_version").to_number<int>(), 1);
  EXPECT_EQ(alert.at("status").as_string(), "open");
  EXPECT_EQ(alert.at("unit").as_string(), "zwolle");
  EXPECT_EQ(alert.at("finding").at("period").as_string(), "2026-01");
  EXPECT_FALSE(alert.at("questions").as_array().empty());
  EXPECT_EQ(Steering(), "needs_interpretation");

  const std::string base = "/v1/alerts/" + std::to_string(id);
  auto premature = Call("POST", base + "/close");
  EXPECT_EQ(premature.status, 409) << premature.body;
  EXPECT_EQ(Call("POST", base + "/acknowledge").status, 200);
  auto no_note = Call("POST", base + "/interpret", R"({"category":"genuine_change"})", "application/json");
  EXPECT_EQ(no_note.status, 400) << no_note.body;
  auto interpreted = Call("POST", base + "/interpret",
                          R"({"category":"genuine_change","note":"New employer agreement from January."})",
                          "application/json");
  ASSERT_EQ(interpreted.status, 200) << interpreted.body;
  EXPECT_EQ(Json(interpreted).at("status").as_string(), "interpreted");
  EXPECT_EQ(Steering(), "cleared");
  auto closed = Call("POST", base + "/close");
  ASSERT_EQ(closed.status, 200) << closed.body;
  boost::json::value detail = Json(Call("GET", base));
  EXPECT_EQ(detail.at("status").as_string(), "closed");
  EXPECT_EQ(detail.at("interpretation").at("category").as_string(), "genuine_change");
  std::vector<std::string> actions;
  for (const auto& step : detail.at("transitions").as_array()) actions.emplace_back(step.at("action").as_string());
  ASSERT_GE(actions.size(), 4u);
  EXPECT_EQ(actions.front(), "raise");
  EXPECT_EQ(std::vector<std::string>(actions.end() - 3, actions.end()),
            (std::vector<std::string>{"acknowledge", "interpret", "close"}));

  // More data re-finds the same, already interpreted change: no second alert.
  IngestMonthly(38);
  EXPECT_EQ(Alerts().size(), 1u);
  EXPECT_EQ(Steering(), "cleared");

  // Reopened and interpreted as suspected gaming: under review.
  EXPECT_EQ(Call("POST", base + "/reopen").status, 200);
  EXPECT_EQ(Steering(), "needs_interpretation");
  ASSERT_EQ(Call("POST", base + "/interpret", R"({"category":"gaming_suspected","note":"Check the January intake."})",
                 "application/json").status, 200);
  EXPECT_EQ(Steering(), "under_review");
}

TEST_F(AlertFlowTest, BacktestReproducesWhatLiveEvaluationRaised) {
  IngestMonthly(36);
  std::set<std::tuple<std::string, std::string, std::string, std::string>> live;
  for (const auto& alert : Alerts()) {
    live.emplace(alert.at("rule").as_string(), alert.at("indicator").as_string(), alert.at("unit").as_string(),
                 alert.at("finding").at("period").as_string());
  }
  ASSERT_FALSE(live.empty());
  std::size_t audit_before = Json(Call("GET", "/v1/audit/verify")).at("records").to_number<std::size_t>();
  auto reply = Call("POST", "/v1/rules/backtest", R"({"null_replicates": 2})", "application/json");
  ASSERT_EQ(reply.status, 200) << reply.body;
  boost::json::value report = Json(reply);
  std::set<std::tuple<std::string, std::string, std::string, std::string>> replayed;
  for (const auto& alert : report.at("alerts").as_array()) {
    if (!alert.at("created").as_bool()) continue;
    replayed.emplace(alert.at("rule").as_string(), alert.at("indicator").as_string(), alert.at("unit").as_string(),
                     alert.at("finding").at("period").as_string());
  }
  EXPECT_EQ(replayed, live);
  const auto& summary = report.at("rules").at(0);
  EXPECT_EQ(summary.at("rule").as_string(), "level-shift");
  EXPECT_EQ(summary.at("alerts").to_number<int>(), 1);
  // A backtest changes nothing: no alert, no audit record.
  EXPECT_EQ(Alerts().size(), live.size());
  EXPECT_EQ(Json(Call("GET", "/v1/audit/verify")).at("records").to_number<std::size_t>(), audit_before);
}

TEST_F(AlertFlowTest, ABadRuleUploadIsRefusedWithPositionsAndTheRunningRulesStay) {
  auto bad = Call("PUT", "/v1/rules", "rules:\n  - name: x\n    detector: pelt2\n    severity: loud\n",
                  "application/yaml");
  ASSERT_EQ(bad.status, 400) << bad.body;
  boost::json::value refusal = Json(bad);
  const auto& details = refusal.at("error").at("details").as_array();
  ASSERT_EQ(details.size(), 2u) << bad.body;
  EXPECT_EQ(details.at(0).at("line").to_number<int>(), 3);
  EXPECT_NE(details.at(0).at("reason").as_string().find("pelt"), std::string::npos);
  EXPECT_EQ(details.at(1).at("line").to_number<int>(), 4);
  auto check = Call("POST", "/v1/rules/check", "rules:\n  - name: x\n    detector: pelt2\n", "application/yaml");
  EXPECT_EQ(check.status, 400);
  EXPECT_EQ(Json(Call("GET", "/v1/rules")).at("version").to_number<int>(), 1);

  IngestMonthly(36);
  ASSERT_EQ(Alerts().size(), 1u);
  std::string edited = kRules;
  edited.replace(edited.find("severity: warning"), 17, "severity: critical");
  auto good = Call("PUT", "/v1/rules", edited, "application/yaml");
  ASSERT_EQ(good.status, 200) << good.body;
  boost::json::value activated = Json(good);
  EXPECT_EQ(activated.at("version").to_number<int>(), 2);
  EXPECT_EQ(activated.at("diff").at("changed").at(0).as_string(), "level-shift");
  EXPECT_EQ(Alerts().at(0).at("rule_version").to_number<int>(), 1);
  auto versions = Json(Call("GET", "/v1/rules/versions")).at("versions").as_array();
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions.at(1).at("author").as_string(), "local");
}

TEST_F(AlertFlowTest, AnOpenAlertAbsorbsNewFindingsAndFiltersSelectAlerts) {
  IngestMonthly(38);
  boost::json::array alerts = Alerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_GT(alerts.at(0).at("evidence_updates").to_number<int>(), 0);
  EXPECT_EQ(Alerts("?status=open").size(), 1u);
  EXPECT_EQ(Alerts("?status=closed").size(), 0u);
  EXPECT_EQ(Alerts("?indicator=werk.duurzaam").size(), 0u);
  EXPECT_EQ(Alerts("?severity=critical").size(), 0u);
  EXPECT_EQ(Alerts("?from=2026-01&to=2026-01").size(), 1u);
  EXPECT_EQ(Alerts("?from=2025-01&to=2025-06").size(), 0u);
  EXPECT_EQ(Call("GET", "/v1/alerts?status=sleeping").status, 400);
  EXPECT_EQ(Call("GET", "/v1/alerts/999").status, 404);
}

TEST_F(AlertFlowTest, ASilencedAlertIsStoredAsSilencedAndDoesNotBlockSteering) {
  auto silence = Call("POST", "/v1/silences",
                      R"({"indicator":"werk.uitstroom","reason":"Known reorganisation","hours":24})",
                      "application/json");
  ASSERT_EQ(silence.status, 201) << silence.body;
  auto no_reason = Call("POST", "/v1/silences", R"({"indicator":"werk.uitstroom","hours":1})", "application/json");
  EXPECT_EQ(no_reason.status, 400);
  IngestMonthly(36);
  boost::json::array alerts = Alerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts.at(0).at("status").as_string(), "silenced");
  EXPECT_EQ(Steering(), "cleared");
  auto silences = Json(Call("GET", "/v1/silences")).at("silences").as_array();
  ASSERT_EQ(silences.size(), 1u);
  EXPECT_TRUE(silences.at(0).at("active").as_bool());
  auto audit = Json(Call("GET", "/v1/audit?kind=alert.silenced")).at("records").as_array();
  EXPECT_EQ(audit.size(), 1u);
}

TEST_F(AlertFlowTest, AlertsAndRulesSurviveARestart) {
  IngestMonthly(36);
  ASSERT_EQ(Alerts().size(), 1u);
  ASSERT_EQ(daemon_->Stop(), 0);
  ASSERT_TRUE(daemon_->Start()) << daemon_->log();
  WaitForScheduler();  // the catch-up round re-finds the change: still one alert
  EXPECT_EQ(Alerts().size(), 1u);
  EXPECT_EQ(Json(Call("GET", "/v1/rules")).at("version").to_number<int>(), 1);
  EXPECT_TRUE(Json(Call("GET", "/v1/audit/verify")).at("ok").as_bool());
}

}  // namespace
}  // namespace kpiwatch
