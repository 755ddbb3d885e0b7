// The real kpiwatchd on loopback: ingest, read back, restatements, rejected batches,
// the spool directory, catalogue reload and restart.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <thread>

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

class DaemonIngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(dir_ / "catalogue.yaml", kCatalogue);
    daemon_ = std::make_unique<DaemonProcess>(dir_ / "var", std::vector<std::string>{
                                                                 "--catalogue", (dir_ / "catalogue.yaml").string()});
    ASSERT_TRUE(daemon_->Start()) << daemon_->log();
  }

  client::HttpReply Call(const std::string& method, const std::string& target, const std::string& body = "",
                         const std::string& content_type = "") {
    Result<client::HttpReply> reply = client::HttpCall(daemon_->url(), method, target, body, content_type);
    EXPECT_TRUE(reply.ok()) << reply.status().ToString();
    return reply.ok() ? *reply : client::HttpReply{};
  }

  boost::json::value Json(const client::HttpReply& reply) { return boost::json::parse(reply.body); }

  std::vector<double> Values(const std::string& indicator, const std::string& unit) {
    client::HttpReply reply = Call("GET", "/v1/series/" + indicator + "/" + unit);
    EXPECT_EQ(reply.status, 200) << reply.body;
    std::vector<double> values;
    if (reply.status != 200) return values;
    boost::json::value json = Json(reply);
    for (const auto& point : json.at("points").as_array()) {
      values.push_back(point.at("value").to_number<double>());
    }
    return values;
  }

  TempDir dir_;
  std::unique_ptr<DaemonProcess> daemon_;
};

TEST_F(DaemonIngestTest, IngestsCsvJsonAndNdjsonAndReadsThemBack) {
  auto csv = Call("POST", "/v1/observations",
                  "indicator;unit;period;value\nwerk.uitstroom;zwolle;2024-01;41\nwerk.uitstroom;zwolle;2024-02;44\n",
                  "text/csv");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(Json(csv).at("inserted").to_number<int>(), 2);
  auto json = Call("POST", "/v1/observations",
                   R"([{"indicator":"werk.uitstroom","unit":"zwolle","period":"2024-03","value":39.5}])",
                   "application/json");
  ASSERT_EQ(json.status, 200) << json.body;
  auto ndjson = Call("POST", "/v1/observations",
                     "{\"indicator\":\"werk.duurzaam\",\"unit\":\"zwolle\",\"period\":\"2024-03\",\"value\":61,\"n\":80}\n",
                     "application/x-ndjson");
  ASSERT_EQ(ndjson.status, 200) << ndjson.body;
  EXPECT_EQ(Values("werk.uitstroom", "zwolle"), (std::vector<double>{41, 44, 39.5}));
  auto range = Json(Call("GET", "/v1/series/werk.uitstroom/zwolle?from=2024-02&to=2024-02"));
  ASSERT_EQ(range.at("points").as_array().size(), 1u);
  EXPECT_EQ(range.at("points").at(0).at("period").as_string(), "2024-02");
  auto duurzaam = Json(Call("GET", "/v1/series/werk.duurzaam/zwolle"));
  EXPECT_EQ(duurzaam.at("points").at(0).at("n").to_number<double>(), 80.0);
}

TEST_F(DaemonIngestTest, ABadBatchIsRejectedWithEveryBadRowAndLeavesTheStoreUnchanged) {
  ASSERT_EQ(Call("POST", "/v1/observations", "indicator,unit,period,value\nwerk.uitstroom,zwolle,2024-01,41\n",
                 "text/csv").status, 200);
  // Rows that do not parse and rows the catalogue does not allow, all in one answer.
  auto reply = Call("POST", "/v1/observations",
                    "indicator,unit,period,value\n"
                    "werk.uitstroom,zwolle,2024-01,50\n"
                    "werk.uitstroom,zwolle,2024-13,51\n"
                    "werk.uitstrom,zwolle,2024-02,52\n"
                    "werk.uitstroom,zwolle,2024-03,fifty\n",
                    "text/csv");
  ASSERT_EQ(reply.status, 400) << reply.body;
  boost::json::value body = Json(reply);
  const auto& error = body.at("error");
  EXPECT_EQ(error.at("code").as_string(), "invalid_argument");
  EXPECT_EQ(error.at("message").as_string(), "3 of 4 rows rejected");
  const auto& details = error.at("details").as_array();
  ASSERT_EQ(details.size(), 3u) << reply.body;
  EXPECT_EQ(details.at(0).at("line").to_number<int>(), 3);
  EXPECT_EQ(details.at(0).at("field").as_string(), "period");
  EXPECT_EQ(details.at(1).at("line").to_number<int>(), 4);
  EXPECT_NE(details.at(1).at("reason").as_string().find("did you mean 'werk.uitstroom'"), std::string::npos);
  EXPECT_EQ(details.at(2).at("line").to_number<int>(), 5);
  EXPECT_EQ(details.at(2).at("field").as_string(), "value");
  EXPECT_EQ(Values("werk.uitstroom", "zwolle"), (std::vector<double>{41}));
}

TEST_F(DaemonIngestTest, ARestatementKeepsTheOldValueInTheHistory) {
  const std::string first = "indicator,unit,period,value\nwerk.uitstroom,zwolle,2024-01,41\n";
  ASSERT_EQ(Call("POST", "/v1/observations", first, "text/csv").status, 200);
  auto same = Json(Call("POST", "/v1/observations", first, "text/csv"));
  EXPECT_EQ(same.at("unchanged").to_number<int>(), 1);
  auto restated = Json(Call("POST", "/v1/observations",
                            "indicator,unit,period,value\nwerk.uitstroom,zwolle,2024-01,47\n", "text/csv"));
  EXPECT_EQ(restated.at("restated").to_number<int>(), 1);
  boost::json::value history = Json(Call("GET", "/v1/indicators/werk.uitstroom/history"));
  const auto& unit = history.at("units").at(0);
  EXPECT_EQ(unit.at("unit").as_string(), "zwolle");
  EXPECT_EQ(unit.at("points").at(0).at("value").to_number<double>(), 47.0);
  ASSERT_EQ(unit.at("restatements").as_array().size(), 1u);
  EXPECT_EQ(unit.at("restatements").at(0).at("old_value").to_number<double>(), 41.0);
  EXPECT_EQ(unit.at("restatements").at(0).at("new_value").to_number<double>(), 47.0);
}

TEST_F(DaemonIngestTest, UndeclaredIndicatorsAndUnknownRoutesGiveJsonErrors) {
  auto missing = Call("GET", "/v1/series/nope/zwolle");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(Json(missing).at("error").at("code").as_string(), "not_found");
  EXPECT_EQ(Call("GET", "/v1/nothing").status, 404);
  EXPECT_EQ(Call("DELETE", "/v1/observations").status, 405);
}

TEST_F(DaemonIngestTest, PutIndicatorDeclaresAndVersionsDefinitions) {
  const std::string body = R"({"name":"Aanmeldingen schuldhulp","definition":"New requests for debt assistance.",
    "unit":"count","direction":"lower_is_better","cadence":"month"})";
  auto created = Call("PUT", "/v1/indicators/schuld.aanmeldingen", body, "application/json");
  ASSERT_EQ(created.status, 201) << created.body;
  auto changed = Call("PUT", "/v1/indicators/schuld.aanmeldingen",
                      R"({"name":"Aanmeldingen schuldhulp","definition":"New requests for debt assistance, incl. online.",
    "unit":"count","direction":"lower_is_better","cadence":"month","definition_version":2,"definition_changes":["2024-06"]})",
                      "application/json");
  ASSERT_EQ(changed.status, 200) << changed.body;
  auto history = Json(Call("GET", "/v1/indicators/schuld.aanmeldingen/history"));
  EXPECT_EQ(history.at("previous_definitions").as_array().size(), 1u);
  auto bad = Call("PUT", "/v1/indicators/schuld.x", R"({"name":"x","unit":"kilos"})", "application/json");
  EXPECT_EQ(bad.status, 400) << bad.body;
}

TEST_F(DaemonIngestTest, SpoolFilesAreIngestedOrRejectedWithAnErrorsFile) {
  std::filesystem::path spool = daemon_->data_dir() / "spool";
  WriteFile(spool / "good.csv.part", "indicator,unit,period,value\nwerk.uitstroom,deventer,2024-01,12\n");
  std::filesystem::rename(spool / "good.csv.part", spool / "good.csv");
  WriteFile(spool / "bad.csv", "indicator,unit,period,value\nwerk.uitstroom,deventer,2024-02,twelve\n");
  for (int i = 0; i < 500 && !(std::filesystem::exists(spool / "done" / "good.csv") &&
                               std::filesystem::exists(spool / "rejected" / "bad.csv"));
       ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(std::filesystem::exists(spool / "done" / "good.csv"));
  ASSERT_TRUE(std::filesystem::exists(spool / "rejected" / "bad.csv.errors.json"));
  auto errors = boost::json::parse(testing::ReadFile(spool / "rejected" / "bad.csv.errors.json"));
  EXPECT_EQ(errors.at("error").at("details").at(0).at("line").to_number<int>(), 2);
  EXPECT_EQ(errors.at("error").at("details").at(0).at("file").as_string(), "bad.csv");
  EXPECT_EQ(Values("werk.uitstroom", "deventer"), (std::vector<double>{12}));
}

TEST_F(DaemonIngestTest, DataSurvivesARestartAndAKill) {
  ASSERT_EQ(Call("POST", "/v1/observations", "indicator,unit,period,value\nwerk.uitstroom,zwolle,2024-01,41\n",
                 "text/csv").status, 200);
  EXPECT_EQ(daemon_->Stop(), 0) << daemon_->log();
  ASSERT_TRUE(daemon_->Start()) << daemon_->log();
  EXPECT_EQ(Values("werk.uitstroom", "zwolle"), (std::vector<double>{41}));
  ASSERT_EQ(Call("POST", "/v1/observations", "indicator,unit,period,value\nwerk.uitstroom,zwolle,2024-02,42\n",
                 "text/csv").status, 200);
  daemon_->Kill();  // acknowledged means fsynced: nothing may be lost
  ASSERT_TRUE(daemon_->Start()) << daemon_->log();
  EXPECT_EQ(Values("werk.uitstroom", "zwolle"), (std::vector<double>{41, 42}));
}

TEST_F(DaemonIngestTest, SighupReloadsTheCatalogueAndKeepsTheOldOneWhenInvalid) {
  WriteFile(dir_ / "catalogue.yaml", kCatalogue + "  - id: werk.nieuw\n    name: x\n    unit: kilos\n");
  daemon_->Signal(SIGHUP);
  std::string log;
  for (int i = 0; i < 250 && log.find("rejected") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    log = daemon_->log();
  }
  EXPECT_NE(log.find("catalogue.yaml:17:"), std::string::npos) << log;
  EXPECT_EQ(Call("GET", "/v1/indicators/werk.nieuw").status, 404);
  EXPECT_EQ(Call("GET", "/v1/indicators/werk.uitstroom").status, 200);

  WriteFile(dir_ / "catalogue.yaml", kCatalogue +
                                         "  - id: werk.nieuw\n    name: Nieuw\n    definition: A new one.\n"
                                         "    unit: count\n    direction: higher_is_better\n    cadence: quarter\n");
  daemon_->Signal(SIGHUP);
  int status = 404;
  for (int i = 0; i < 250 && status != 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    status = Call("GET", "/v1/indicators/werk.nieuw").status;
  }
  EXPECT_EQ(status, 200);
}

TEST_F(DaemonIngestTest, MetricsCountIngestedAndRejectedRows) {
  ASSERT_EQ(Call("POST", "/v1/observations", "indicator,unit,period,value\nwerk.uitstroom,zwolle,2024-01,41\n",
                 "text/csv").status, 200);
  Call("POST", "/v1/observations", "indicator,unit,period,value\nwerk.uitstroom,zwolle,2024-01,x\n", "text/csv");
  auto metrics = Call("GET", "/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("kpiwatch_ingested_rows_total{source=\"http\"} 1"), std::string::npos) << metrics.body;
  EXPECT_NE(metrics.body.find("kpiwatch_rejected_rows_total{source=\"http\"} 1"), std::string::npos) << metrics.body;
  auto health = Json(Call("GET", "/healthz"));
  EXPECT_EQ(health.at("status").as_string(), "ok");
}

}  // namespace
}  // namespace kpiwatch
