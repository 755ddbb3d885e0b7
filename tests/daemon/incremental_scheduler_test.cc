// Scheduler with an incremental detector (cusum): later rounds resume from the stored
// state (kpiwatch_evaluation_incremental_total), raise the same alerts as a scheduler on a
// database that only runs batches, and the state survives reopening the database.
#include <gtest/gtest.h>

#include <random>

#include "daemon/ingest/ingest_service.h"
#include "daemon/scheduler/scheduler.h"
#include "tests/support/fake_clock.h"
#include "tests/support/rule_fixtures.h"
#include "tests/support/temp_dir.h"

namespace kpiwatch::daemon {
namespace {

std::string Rules(const std::string& window) {
  return "rules:\n  - name: drift\n    detector: cusum\n    params: {baseline: 8, h: 4}\n" + window +
         "    select: {indicators: [\"werk.*\"]}\n    thresholds: {min_effect: 0}\n";
}

std::string MonthRow(int i, double value) {
  int year = 2020 + i / 12, month = i % 12 + 1;
  return "werk.uitstroom,zwolle," + std::to_string(year) + (month < 10 ? "-0" : "-") + std::to_string(month) +
         "," + std::to_string(value) + "\n";
}

// One daemon's services on a data dir (reopened for the restart).
struct Services {
  Services(const std::filesystem::path& dir, const std::string& rules_yaml, testing::FakeClock& clock) {
    auto opened = store::Database::Open({.path = dir / "db", .sync_writes = false});
    EXPECT_TRUE(opened.ok()) << opened.status().ToString();
    database = std::move(*opened);
    audit = std::make_unique<AuditLog>(*database, clock);
    EXPECT_TRUE(audit->Start().ok());
    catalogue = std::make_unique<CatalogueService>(*database, *audit, std::nullopt);
    EXPECT_TRUE(catalogue->Start().ok());
    if (catalogue->Current()->Find("werk.uitstroom") == nullptr) {
      EXPECT_TRUE(catalogue->Put(testing::MonthlyIndicator("werk.uitstroom"), "steward").ok());
    }
    ingest = std::make_unique<IngestService>(*database, *catalogue, clock, *audit);
    EXPECT_TRUE(ingest->Start().ok());
    rules = std::make_unique<RuleService>(*database, *audit, *catalogue, clock, std::nullopt);
    EXPECT_TRUE(rules->Start().ok());
    if (rules->Current()->rules.Find("drift") == nullptr) {
      EXPECT_TRUE(rules->Activate(rules_yaml, "test", "steward").ok());
    }
    alerts = std::make_unique<AlertService>(*database, *audit, clock);
    EXPECT_TRUE(alerts->Start().ok());
    observations = std::make_unique<store::ObservationStore>(*database);
    SchedulerOptions options;
    options.catch_up_on_start = false;
    scheduler = std::make_unique<Scheduler>(*observations, *catalogue, *rules, *alerts, metrics, clock, options);
  }
  std::vector<TouchedSeries> Ingest(const std::string& rows) {
    ParseOptions options;
    options.format = ObservationFormat::kCsv;
    auto result = ingest->Ingest("indicator,unit,period,value\n" + rows, options, "test", "ingest");
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return result.ok() ? result->touched : std::vector<TouchedSeries>{};
  }
  double Counter(const std::string& name) {
    std::string text = metrics.RenderPrometheus();
    std::size_t at = text.find("\n" + name + " ");
    return at == std::string::npos ? -1.0 : std::stod(text.substr(at + name.size() + 2));
  }
  std::string AlertsText() {
    std::string text;
    Result<std::vector<Alert>> listed = alerts->List({});
    EXPECT_TRUE(listed.ok());
    for (const Alert& alert : *listed) {
      text += alert.dedup_key + " " + alert.finding.period + " " + std::to_string(alert.finding.statistic) + " " +
              AlertStatusName(alert.status) + "\n";
    }
    return text;
  }

  metrics::Registry metrics;
  std::unique_ptr<store::Database> database;
  std::unique_ptr<AuditLog> audit;
  std::unique_ptr<CatalogueService> catalogue;
  std::unique_ptr<IngestService> ingest;
  std::unique_ptr<RuleService> rules;
  std::unique_ptr<AlertService> alerts;
  std::unique_ptr<store::ObservationStore> observations;
  std::unique_ptr<Scheduler> scheduler;
};

TEST(IncrementalSchedulerTest, RoundsResumeFromTheStoredStateWithTheBatchAlertsAndSurviveARestart) {
  testing::TempDir incremental_dir, batch_dir;
  testing::FakeClock clock;
  // A window longer than the series gives the same input but makes the batch daemon run every round from scratch.
  auto live = std::make_unique<Services>(incremental_dir.path(), Rules(""), clock);
  Services batch(batch_dir.path(), Rules("    window: 1000\n"), clock);
  std::mt19937_64 rng(11);
  std::normal_distribution<double> noise(0.0, 1.0);
  std::vector<std::string> rows;
  for (int i = 0; i < 60; ++i) rows.push_back(MonthRow(i, 20.0 + noise(rng) + (i >= 30 ? 5.0 : 0.0) + (i >= 45 ? -9.0 : 0.0)));
  int rounds = 0;
  for (int i = 0; i < 60; i += 5) {
    if (i == 30) {  // restart the incremental daemon half-way
      live.reset();
      live = std::make_unique<Services>(incremental_dir.path(), Rules(""), clock);
      EXPECT_EQ(live->Counter("kpiwatch_evaluation_incremental_total"), 0.0);
    }
    std::string chunk;
    for (int k = i; k < i + 5; ++k) chunk += rows[k];
    if (i == 40) chunk += MonthRow(3, 40.0);  // a restatement: fresh run
    auto touched = live->Ingest(chunk);
    ASSERT_TRUE(live->scheduler->EvaluateIngest(touched).ok());
    auto touched_batch = batch.Ingest(chunk);
    ASSERT_TRUE(batch.scheduler->EvaluateIngest(touched_batch).ok());
    ++rounds;
    ASSERT_EQ(live->AlertsText(), batch.AlertsText()) << "after round " << rounds;
    clock.Advance(std::chrono::hours(24 * 30));
  }
  // The counters restart with the daemon: rounds 7..12 ran after the restart, the first of
  // them resumed from the state stored before it, and only the restatement round ran fresh.
  double incremental = live->Counter("kpiwatch_evaluation_incremental_total");
  double full = live->Counter("kpiwatch_evaluation_full_total");
  std::printf("[incremental] after restart: %g incremental, %g full rounds; batch daemon: %g incremental, %g full; %zu alerts\n",
              incremental, full, batch.Counter("kpiwatch_evaluation_incremental_total"),
              batch.Counter("kpiwatch_evaluation_full_total"), live->alerts->List({})->size());
  EXPECT_EQ(incremental, 5.0);  // rounds 7..12, less the restatement round
  EXPECT_EQ(full, 1.0);         // the restatement round
  EXPECT_EQ(batch.Counter("kpiwatch_evaluation_incremental_total"), 0.0);
  EXPECT_GE(live->alerts->List({})->size(), 1u);
}

}  // namespace
}  // namespace kpiwatch::daemon
