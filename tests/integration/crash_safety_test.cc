// Crash safety of the real kpiwatchd: a client thread streams ingest batches while the
// daemon is killed with SIGKILL at seeded random moments, again and again. After every
// restart: each acknowledged batch is fully present (read back over HTTP), no batch is
// half present, a refused batch is absent, every alert seen before a kill is still
// there, every such alert's e-mail reached the maildir (nothing lost from the outbox),
// and the audit chain verifies. Bounded by counts (kills, batches), not by timing.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "client/http_client.h"
#include "tests/support/daemon_process.h"
#include "tests/support/mail_parse.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_catalogue.h"

namespace kpiwatch {
namespace {

using testing::DaemonProcess;
using testing::TempDir;
using testing::WriteFile;

constexpr std::uint64_t kSeed = 20261202;
constexpr int kKills = 24;
constexpr int kMaxBatchesPerRun = 30;  // a run (start .. kill) sends at most this many
constexpr int kMonths = 36;            // 24 around 40, then 12 around 60: a level shift
constexpr int kKillWindowMs = 300;     // the kill comes 0 .. this long after the client starts
const char* const kIndicators[] = {"werk.uitstroom", "werk.duurzaam"};

const std::string kCatalogue =
    std::string("indicators:\n") + testing::kUitstroomEntry + testing::kDuurzaamEntry;

// Maildir delivery (no smtp), immediate mail for every alert (no hourly digest switch).
const std::string kConfig = R"(notify:
  retry: {initial_seconds: 1, max_seconds: 1}
  groups:
    - name: controllers
      addresses: [controller@gemeente.example]
      hourly_cap: 100000
)";

std::string MonthOf(int index) {
  int year = 2024 + index / 12, month = index % 12 + 1;
  return std::to_string(year) + (month < 10 ? "-0" : "-") + std::to_string(month);
}

// The value batch `batch` sends for indicator `indicator` (index into kIndicators) and
// month `month`: identifiable by its unit ("b<batch>"), exact in decimal.
double ValueOf(int batch, int indicator, int month) {
  return (month < 24 ? 40 : 60) + (batch * 7 + month * 3 + indicator) % 5 - 2;
}

std::string UnitOf(int batch) { return "b" + std::to_string(batch); }

// One batch: every month of both indicators for the unit of `batch` (72 rows).
std::string BatchCsv(int batch) {
  std::ostringstream csv;
  csv << "indicator,unit,period,value\n";
  for (int indicator = 0; indicator < 2; ++indicator) {
    for (int month = 0; month < kMonths; ++month) {
      csv << kIndicators[indicator] << "," << UnitOf(batch) << "," << MonthOf(month) << ","
          << ValueOf(batch, indicator, month) << "\n";
    }
  }
  return csv.str();
}

// What the client knows about a batch it sent.
enum class Outcome {
  kAcknowledged,  // HTTP 2xx: must be present, whole
  kRefused,       // an HTTP error reply (e.g. 503 back-pressure): nothing stored
  kUnknown,       // no reply (the daemon died): whole or absent
  kAbsent,        // was kUnknown and found absent after the restart: must stay absent
};

// Streams batches [first, first + kMaxBatchesPerRun) to `url` until one gets no reply.
// Writes outcomes[batch] for every batch it sent.
void StreamBatches(const std::string& url, int first, std::map<int, Outcome>& outcomes) {
  for (int batch = first; batch < first + kMaxBatchesPerRun; ++batch) {
    Result<client::HttpReply> reply = client::HttpCall(url, "POST", "/v1/observations", BatchCsv(batch), "text/csv",
                                                       "", std::chrono::seconds(20));
    if (!reply.ok()) {
      outcomes[batch] = Outcome::kUnknown;
      return;
    }
    outcomes[batch] = reply->status / 100 == 2 ? Outcome::kAcknowledged : Outcome::kRefused;
  }
}

class CrashSafetyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(dir_ / "catalogue.yaml", kCatalogue);
    WriteFile(dir_ / "rules.yaml", testing::kLevelShiftRules);
    WriteFile(dir_ / "kpiwatchd.yaml", kConfig);
    daemon_ = std::make_unique<DaemonProcess>(
        dir_ / "var", std::vector<std::string>{"--config", (dir_ / "kpiwatchd.yaml").string(), "--catalogue",
                                               (dir_ / "catalogue.yaml").string(), "--rules",
                                               (dir_ / "rules.yaml").string()});
  }

  std::optional<boost::json::value> Get(const std::string& target) {
    Result<client::HttpReply> reply = client::HttpCall(daemon_->url(), "GET", target, "", "", "",
                                                       std::chrono::seconds(20));
    if (!reply.ok() || reply->status != 200) {
      ADD_FAILURE() << "GET " << target << ": " << (reply.ok() ? reply->body : reply.status().ToString());
      return std::nullopt;
    }
    boost::system::error_code error;
    boost::json::value json = boost::json::parse(reply->body, error);
    if (error) {
      ADD_FAILURE() << "GET " << target << ": not JSON: " << reply->body;
      return std::nullopt;
    }
    return json;
  }

  std::set<std::int64_t> AlertIds() {
    std::set<std::int64_t> ids;
    if (auto alerts = Get("/v1/alerts")) {
      for (const auto& alert : alerts->at("alerts").as_array()) ids.insert(alert.at("id").to_number<std::int64_t>());
    }
    return ids;
  }

  // The points of a series as period -> value, from /v1/series.
  std::map<std::string, double> Series(const std::string& indicator, const std::string& unit) {
    std::map<std::string, double> points;
    if (auto series = Get("/v1/series/" + indicator + "/" + unit)) {
      for (const auto& point : series->at("points").as_array()) {
        points[std::string(point.at("period").as_string())] = point.at("value").to_number<double>();
      }
    }
    return points;
  }

  // Every unit of `indicator` with its points, from one /v1/indicators/{id}/history call.
  std::map<std::string, std::map<std::string, double>> AllSeries(const std::string& indicator) {
    std::map<std::string, std::map<std::string, double>> units;
    if (auto history = Get("/v1/indicators/" + indicator + "/history")) {
      for (const auto& unit : history->at("units").as_array()) {
        auto& points = units[std::string(unit.at("unit").as_string())];
        for (const auto& point : unit.at("points").as_array()) {
          points[std::string(point.at("period").as_string())] = point.at("value").to_number<double>();
        }
      }
    }
    return units;
  }

  // How much of `batch` a series map holds: the number of its exact values, and
  // whether anything else (a wrong value, an extra period) is there.
  static std::pair<int, bool> Presence(int batch, int indicator, const std::map<std::string, double>& points) {
    int matching = 0;
    bool foreign = false;
    for (const auto& [period, value] : points) {
      bool match = false;
      for (int month = 0; month < kMonths; ++month) {
        if (MonthOf(month) == period) match = value == ValueOf(batch, indicator, month);
      }
      if (match) {
        ++matching;
      } else {
        foreign = true;
      }
    }
    return {matching, foreign};
  }

  // Checks every batch sent so far against what the daemon holds; a batch whose fate was
  // unknown and that turns out present counts as acknowledged from then on. `recent`
  // batches are also read back one series at a time through /v1/series.
  void CheckBatches(const std::set<int>& recent) {
    std::map<std::string, std::map<std::string, double>> held[2] = {AllSeries(kIndicators[0]),
                                                                    AllSeries(kIndicators[1])};
    for (int indicator = 0; indicator < 2; ++indicator) {
      for (const auto& [unit, points] : held[indicator]) {
        bool sent = unit.size() > 1 && unit[0] == 'b' && outcomes_.count(std::stoi(unit.substr(1))) > 0;
        EXPECT_TRUE(sent) << "a series no batch wrote: " << kIndicators[indicator] << "/" << unit;
      }
    }
    for (auto& [batch, outcome] : outcomes_) {
      int present = 0;
      for (int indicator = 0; indicator < 2; ++indicator) {
        auto found = held[indicator].find(UnitOf(batch));
        if (found == held[indicator].end()) continue;
        auto [matching, foreign] = Presence(batch, indicator, found->second);
        EXPECT_FALSE(foreign) << "batch " << batch << " has values it did not send";
        present += matching;
      }
      if (recent.count(batch) > 0) {
        int read_back = 0;
        for (int indicator = 0; indicator < 2; ++indicator) {
          read_back += Presence(batch, indicator, Series(kIndicators[indicator], UnitOf(batch))).first;
        }
        EXPECT_EQ(read_back, present) << "batch " << batch << ": /v1/series and history disagree";
      }
      const int whole = 2 * kMonths;
      switch (outcome) {
        case Outcome::kAcknowledged:
          EXPECT_EQ(present, whole) << "acknowledged batch " << batch << " is not fully present";
          break;
        case Outcome::kRefused:
          EXPECT_EQ(present, 0) << "refused batch " << batch << " was stored";
          break;
        case Outcome::kAbsent:
          EXPECT_EQ(present, 0) << "unacknowledged batch " << batch << " appeared after an earlier restart";
          break;
        case Outcome::kUnknown:
          EXPECT_TRUE(present == 0 || present == whole)
              << "unacknowledged batch " << batch << " is half present: " << present << " of " << whole << " rows";
          if (present == whole) {
            outcome = Outcome::kAcknowledged;
            ++unknown_but_stored_;
          } else if (present == 0) {
            outcome = Outcome::kAbsent;
            ++unknown_and_absent_;
          }
          break;
      }
    }
  }

  // The alert ids in the maildir's messages (files read once; maildir files never change).
  std::set<std::int64_t> MailedAlerts() {
    std::filesystem::path new_dir = dir_ / "var" / "mail" / "new";
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(new_dir, error)) {
      if (!mail_read_.insert(entry.path().filename().string()).second) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
      std::istringstream ids(testing::ParseMail(text).Header("X-Kpiwatch-Alert"));
      for (std::string id; std::getline(ids, id, ',');) mailed_.insert(std::stoll(id));
    }
    return mailed_;
  }

  // Waits (bounded) until every alert in `alerts` has its e-mail in the maildir.
  void ExpectMailed(const std::set<std::int64_t>& alerts) {
    std::vector<std::int64_t> missing;
    for (int attempt = 0; attempt < 300; ++attempt) {
      std::set<std::int64_t> mailed = MailedAlerts();
      missing.clear();
      for (std::int64_t id : alerts) {
        if (mailed.count(id) == 0) missing.push_back(id);
      }
      if (missing.empty()) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    auto health = Get("/healthz");
    ADD_FAILURE() << missing.size() << " alerts seen before a kill have no e-mail, e.g. " << missing.front()
                  << "; notifications: " << (health ? boost::json::serialize(health->at("notifications")) : "?");
  }

  void ExpectAuditChainVerifies() {
    auto verify = Get("/v1/audit/verify");
    ASSERT_TRUE(verify.has_value());
    EXPECT_TRUE(verify->at("ok").as_bool()) << boost::json::serialize(*verify);
    audit_records_ = verify->at("records").to_number<std::uint64_t>();
  }

  // Everything checked after a restart.
  void CheckAfterRestart(const std::set<int>& recent) {
    ExpectAuditChainVerifies();
    CheckBatches(recent);
    std::set<std::int64_t> now = AlertIds();
    for (std::int64_t id : alerts_seen_) EXPECT_EQ(now.count(id), 1u) << "alert " << id << " was lost";
    ExpectMailed(alerts_seen_);
  }

  void WaitForScheduler() {
    for (int attempt = 0; attempt < 600; ++attempt) {
      auto health = Get("/healthz");
      if (!health) return;
      const auto& scheduler = health->at("scheduler");
      if (scheduler.at("queued").to_number<int>() == 0 && !scheduler.at("busy").as_bool()) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "scheduler did not become idle";
  }

  TempDir dir_;
  std::unique_ptr<DaemonProcess> daemon_;
  std::map<int, Outcome> outcomes_;    // every batch sent
  std::set<std::int64_t> alerts_seen_;  // alerts the API listed before a kill
  std::set<std::string> mail_read_;
  std::set<std::int64_t> mailed_;
  std::uint64_t audit_records_ = 0;
  int acknowledged_ = 0, refused_ = 0, unknown_but_stored_ = 0, unknown_and_absent_ = 0;
};

TEST_F(CrashSafetyTest, AcknowledgedBatchesAlertsMailAndTheAuditChainSurviveRepeatedSigkill) {
  std::mt19937_64 random(kSeed);
  std::uniform_int_distribution<int> kill_after_ms(0, kKillWindowMs);
  int next_batch = 0;
  std::set<int> recent;
  for (int kill = 0; kill < kKills; ++kill) {
    SCOPED_TRACE("run " + std::to_string(kill) + " (seed " + std::to_string(kSeed) + ")");
    ASSERT_TRUE(daemon_->Start()) << daemon_->log();
    if (kill > 0) CheckAfterRestart(recent);
    if (HasFailure()) return;

    std::map<int, Outcome> sent;
    std::thread client(StreamBatches, daemon_->url(), next_batch, std::ref(sent));
    int wait_ms = kill_after_ms(random);
    std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms / 2));
    for (std::int64_t id : AlertIds()) alerts_seen_.insert(id);
    std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms - wait_ms / 2));
    daemon_->Kill();
    client.join();

    recent.clear();
    for (const auto& [batch, outcome] : sent) {
      outcomes_[batch] = outcome;
      recent.insert(batch);
      if (outcome == Outcome::kAcknowledged) ++acknowledged_;
      if (outcome == Outcome::kRefused) ++refused_;
    }
    next_batch += kMaxBatchesPerRun;  // batch numbers are never reused
  }

  ASSERT_TRUE(daemon_->Start()) << daemon_->log();
  CheckAfterRestart(recent);
  // Once the daemon has caught up, every stored batch has raised its alert and mailed it.
  WaitForScheduler();
  std::set<std::string> alerted_units;
  if (auto alerts = Get("/v1/alerts")) {
    for (const auto& alert : alerts->at("alerts").as_array()) {
      alerted_units.insert(std::string(alert.at("unit").as_string()));
    }
  }
  int stored = 0;
  for (const auto& [batch, outcome] : outcomes_) {
    if (outcome != Outcome::kAcknowledged) continue;
    ++stored;
    EXPECT_EQ(alerted_units.count(UnitOf(batch)), 1u) << "stored batch " << batch << " raised no alert";
  }
  ExpectMailed(AlertIds());
  ExpectAuditChainVerifies();
  EXPECT_EQ(daemon_->Stop(), 0);

  std::cout << "crash safety: " << kKills << " kills, " << outcomes_.size() << " batches sent: " << acknowledged_
            << " acknowledged, " << unknown_but_stored_ << " unanswered but stored, " << unknown_and_absent_
            << " unanswered and absent, " << refused_ << " refused; " << stored << " stored batches, "
            << alerted_units.size() << " alerted units, " << mailed_.size() << " alerts mailed, " << audit_records_
            << " audit records\n";
  EXPECT_GT(acknowledged_, 0);
  EXPECT_FALSE(alerted_units.empty());
}

}  // namespace
}  // namespace kpiwatch
