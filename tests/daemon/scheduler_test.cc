// Scheduler: a stored batch is evaluated with the active rules and raises an alert; the
// worker drains the queue; a full queue reports saturation; the catch-up round after
// start evaluates every stored series of every indicator, one indicator at a time.
#include "daemon/scheduler/scheduler.h"

#include <gtest/gtest.h>

#include <sys/resource.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <sstream>
#include <set>
#include <thread>

#include "daemon/ingest/ingest_service.h"
#include "tests/support/fake_clock.h"
#include "tests/support/rule_fixtures.h"
#include "tests/support/temp_dir.h"

namespace kpiwatch::daemon {
namespace {

const std::string kRules = R"(rules:
  - name: level-shift
    detector: pelt
    select: {indicators: ["werk.*"]}
    thresholds: {max_p: 0.01}
)";

// 24 months around 40, then 12 around 60 (sd 2), from 2024-01.
std::string ShiftedCsv(const std::string& unit, const std::string& indicator = "werk.uitstroom") {
  std::mt19937_64 engine(7);
  std::normal_distribution<double> noise(0.0, 2.0);
  std::string csv = "indicator,unit,period,value\n";
  for (int i = 0; i < 36; ++i) {
    int year = 2024 + i / 12, month = i % 12 + 1;
    csv += indicator + "," + unit + "," + std::to_string(year) + (month < 10 ? "-0" : "-") +
           std::to_string(month) + "," + std::to_string((i < 24 ? 40.0 : 60.0) + noise(engine)) + "\n";
  }
  return csv;
}

class SchedulerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto database = store::Database::Open({.path = dir_ / "db", .sync_writes = false});
    ASSERT_TRUE(database.ok()) << database.status().ToString();
    database_ = std::move(*database);
    audit_ = std::make_unique<AuditLog>(*database_, clock_);
    ASSERT_TRUE(audit_->Start().ok());
    catalogue_ = std::make_unique<CatalogueService>(*database_, *audit_, std::nullopt);
    ASSERT_TRUE(catalogue_->Start().ok());
    ASSERT_TRUE(catalogue_->Put(testing::MonthlyIndicator("werk.uitstroom"), "steward").ok());
    ingest_ = std::make_unique<IngestService>(*database_, *catalogue_, clock_, *audit_);
    ASSERT_TRUE(ingest_->Start().ok());
    rules_ = std::make_unique<RuleService>(*database_, *audit_, *catalogue_, clock_, std::nullopt);
    ASSERT_TRUE(rules_->Start().ok());
    ASSERT_TRUE(rules_->Activate(kRules, "test", "steward").ok());
    alerts_ = std::make_unique<AlertService>(*database_, *audit_, clock_);
    ASSERT_TRUE(alerts_->Start().ok());
    observations_ = std::make_unique<store::ObservationStore>(*database_);
  }

  std::unique_ptr<Scheduler> MakeScheduler(std::size_t capacity, bool catch_up_on_start = false,
                                           int worker_niceness = 10) {
    SchedulerOptions options;
    options.queue_capacity = capacity;
    options.worker_niceness = worker_niceness;
    options.catch_up_on_start = catch_up_on_start;
    return std::make_unique<Scheduler>(*observations_, *catalogue_, *rules_, *alerts_, metrics_, clock_, options);
  }

  IngestResult Ingest(const std::string& csv) {
    ParseOptions options;
    options.format = ObservationFormat::kCsv;
    auto result = ingest_->Ingest(csv, options, "test", "ingest");
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return result.ok() ? *result : IngestResult{};
  }

  testing::TempDir dir_;
  testing::FakeClock clock_;
  metrics::Registry metrics_;
  std::unique_ptr<store::Database> database_;
  std::unique_ptr<AuditLog> audit_;
  std::unique_ptr<CatalogueService> catalogue_;
  std::unique_ptr<IngestService> ingest_;
  std::unique_ptr<RuleService> rules_;
  std::unique_ptr<AlertService> alerts_;
  std::unique_ptr<store::ObservationStore> observations_;
};

TEST_F(SchedulerTest, AStoredBatchIsEvaluatedOnItsSeriesWithTheActiveRuleVersion) {
  IngestResult stored = Ingest(ShiftedCsv("zwolle") + ShiftedCsv("deventer").substr(28));
  ASSERT_EQ(stored.touched.size(), 2u);
  auto scheduler = MakeScheduler(8);
  auto applied = scheduler->EvaluateIngest({stored.touched[0]});
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  ASSERT_EQ(applied->created.size(), 1u);
  Alert alert = *alerts_->Get(applied->created[0]);
  EXPECT_EQ(alert.unit, "zwolle");
  EXPECT_EQ(alert.rule, "level-shift");
  EXPECT_EQ(alert.rule_version, rules_->Current()->version);
  EXPECT_EQ(alert.finding.period, "2026-01");
  // Evaluating the same data again raises nothing new.
  auto again = scheduler->EvaluateIngest({stored.touched[0]});
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->created.empty());
}

TEST_F(SchedulerTest, TheWorkerDrainsQueuedRoundsAndAFullQueueIsSaturated) {
  auto idle = MakeScheduler(2);
  idle->OnBatchStored({{"werk.uitstroom", "zwolle"}});
  EXPECT_FALSE(idle->Saturated());
  idle->OnBatchStored({{"werk.uitstroom", "zwolle"}});
  EXPECT_TRUE(idle->Saturated());
  EXPECT_EQ(idle->State().queued, 2u);

  IngestResult stored = Ingest(ShiftedCsv("zwolle"));
  auto scheduler = MakeScheduler(8);
  ASSERT_TRUE(scheduler->Start().ok());
  scheduler->OnBatchStored(stored.touched);
  for (int i = 0; i < 400 && (scheduler->State().rounds == 0 || scheduler->State().queued > 0); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  scheduler->Stop();
  EXPECT_EQ(scheduler->State().rounds, 1u);
  EXPECT_EQ(scheduler->State().alerts_raised, 1u);
  EXPECT_EQ(alerts_->List({})->size(), 1u);
  EXPECT_NE(metrics_.RenderPrometheus().find("kpiwatch_evaluation_seconds_count 1"), std::string::npos);
}

TEST_F(SchedulerTest, TheCatchUpRoundEvaluatesEveryStoredSeriesOfEveryIndicator) {
  ASSERT_TRUE(catalogue_->Put(testing::MonthlyIndicator("werk.instroom"), "steward").ok());
  Ingest(ShiftedCsv("zwolle") + ShiftedCsv("deventer").substr(28));
  Ingest(ShiftedCsv("zwolle", "werk.instroom"));
  auto scheduler = MakeScheduler(8);
  auto applied = scheduler->EvaluateCatchUp();
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  std::set<std::string> alerted;
  for (std::uint64_t id : applied->created) {
    Alert alert = *alerts_->Get(id);
    alerted.insert(alert.indicator + "/" + alert.unit);
  }
  EXPECT_EQ(alerted, (std::set<std::string>{"werk.instroom/zwolle", "werk.uitstroom/deventer",
                                            "werk.uitstroom/zwolle"}));
  auto again = scheduler->EvaluateCatchUp();
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->created.empty());
}

TEST_F(SchedulerTest, StartQueuesTheCatchUpRoundAndTheWorkerRunsIt) {
  Ingest(ShiftedCsv("zwolle"));
  auto scheduler = MakeScheduler(8, /*catch_up_on_start=*/true);
  ASSERT_TRUE(scheduler->Start().ok());
  for (int i = 0; i < 400 && scheduler->State().rounds == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  scheduler->Stop();
  EXPECT_EQ(scheduler->State().rounds, 1u);
  EXPECT_EQ(alerts_->List({})->size(), 1u);
}

// The nice value of this process's thread named `name` (field 19 of its stat), or nullopt.
std::optional<int> NicenessOfThread(const std::string& name) {
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream comm(task.path() / "comm");
    std::string thread_name;
    std::getline(comm, thread_name);
    if (thread_name != name) continue;
    std::ifstream stat_file(task.path() / "stat");
    std::string stat((std::istreambuf_iterator<char>(stat_file)), std::istreambuf_iterator<char>());
    std::istringstream fields(stat.substr(stat.rfind(')') + 2));  // after "pid (comm) "
    std::string field;
    for (int i = 3; i <= 19 && fields >> field; ++i) {
      if (i == 19) return std::stoi(field);
    }
  }
  return std::nullopt;
}

TEST_F(SchedulerTest, TheEvaluationThreadRunsAtTheConfiguredLowerPriority) {
  auto scheduler = MakeScheduler(8, false, /*worker_niceness=*/7);
  ASSERT_TRUE(scheduler->Start().ok());
  const int expected = std::min(getpriority(PRIO_PROCESS, 0) + 7, 19);
  std::optional<int> niceness;
  for (int i = 0; i < 200 && niceness != expected; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    niceness = NicenessOfThread("kpiwatch-eval");
  }
  scheduler->Stop();
  ASSERT_TRUE(niceness.has_value()) << "no thread named kpiwatch-eval";
  EXPECT_EQ(*niceness, expected);
}

}  // namespace
}  // namespace kpiwatch::daemon
