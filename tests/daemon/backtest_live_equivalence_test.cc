// A backtest of stored history raises exactly the alerts that live evaluation raised on the
// same data: the scheduler run by hand on a fake clock, with monthly batches at their
// report times (on_ingest level-shift rule) and the daily 06:00 staleness rule ticking
// every day in between, against RunBacktest over what was stored.
#include <gtest/gtest.h>

#include <cstdio>
#include <limits>
#include <random>

#include "daemon/alerts/alert_service.h"
#include "daemon/rules/rule_service.h"
#include "daemon/scheduler/evaluation_data.h"
#include "daemon/scheduler/scheduler.h"
#include "daemon/store/observation_store.h"
#include "rules/evaluation/backtest.h"
#include "tests/support/ingest_stack.h"
#include "tests/support/rule_fixtures.h"

namespace kpiwatch::daemon {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::sys_days;

constexpr const char* kRules = R"(rules:
  - name: level-shift
    detector: pelt
    select: {indicators: ["werk.*"]}
    when: on_ingest
    thresholds: {max_p: 0.01}
  - name: stale-data
    detector: staleness
    params: {grace_days: auto}
    when: daily 06:00
    thresholds: {}
)";

TEST(BacktestLiveEquivalenceTest, DailyAndIngestRulesRaiseTheSameAlertsLiveAndInTheReplay) {
  testing::IngestStack stack;
  ASSERT_NO_FATAL_FAILURE(stack.Open());
  ASSERT_TRUE(stack.catalogue->Put(testing::MonthlyIndicator("werk.uitstroom"), "steward").ok());
  RuleService rules(*stack.database, *stack.audit, *stack.catalogue, stack.clock, std::nullopt);
  ASSERT_TRUE(rules.Start().ok());
  ASSERT_TRUE(rules.Activate(kRules, "test", "steward").ok());
  AlertService alerts(*stack.database, *stack.audit, stack.clock);
  ASSERT_TRUE(alerts.Start().ok());
  store::ObservationStore observations(*stack.database);
  metrics::Registry metrics;
  SchedulerOptions options;
  options.catch_up_on_start = false;
  Scheduler scheduler(observations, *stack.catalogue, rules, alerts, metrics, stack.clock, options);

  // deventer: 2024-01..2025-12 with a level shift from 2025-01; zwolle stops after 2025-06.
  // The daily staleness rule fires for zwolle once 2025-07 is overdue (mid-September 2025)
  // and for deventer once 2026-01 is (2026-03-17, before the end of the run).
  std::mt19937_64 engine(11);
  std::normal_distribution<double> noise(0.0, 2.0);
  const Period first = Period::Parse("2024-01").value();
  const sys_days start = std::chrono::floor<days>(testing::ReportTime(first));
  const sys_days end = sys_days{std::chrono::year{2026} / 3 / 31};
  for (sys_days day = start; day <= end; day += days(1)) {
    stack.clock.Set(day + hours(6));
    ASSERT_TRUE(scheduler.EvaluateSchedule(6 * 60).ok());
    for (int month = 0; month < 24; ++month) {
      const Period period = first.Next(month);
      if (std::chrono::floor<days>(testing::ReportTime(period)) != day) continue;
      stack.clock.Set(testing::ReportTime(period));
      std::string csv = "indicator,unit,period,value\n";
      csv += "werk.uitstroom,deventer," + period.ToString() + "," +
             std::to_string((month < 12 ? 40.0 : 55.0) + noise(engine)) + "\n";
      if (month < 18) {
        csv += "werk.uitstroom,zwolle," + period.ToString() + "," + std::to_string(40.0 + noise(engine)) + "\n";
      }
      ParseOptions parse;
      parse.format = ObservationFormat::kCsv;
      Result<IngestResult> stored = stack.ingest->Ingest(csv, parse, "test", "ingest");
      ASSERT_TRUE(stored.ok()) << stored.status().ToString();
      ASSERT_TRUE(scheduler.EvaluateIngest(stored->touched).ok());
    }
  }
  AlertFilter everything;
  everything.limit = std::numeric_limits<std::size_t>::max();
  Result<std::vector<Alert>> live = alerts.List(everything);
  ASSERT_TRUE(live.ok());
  std::sort(live->begin(), live->end(), [](const Alert& a, const Alert& b) { return a.id < b.id; });

  Result<EvaluationData> data = LoadEvaluationData(observations, {"werk.uitstroom"});
  ASSERT_TRUE(data.ok());
  BacktestHistory history{data->observations, data->revisions, {}, {}, {}};
  BacktestOptions backtest;
  backtest.null_replicates = 0;
  backtest.until = stack.clock.Now();
  Result<BacktestReport> report =
      RunBacktest(rules.Current()->rules, *stack.catalogue->Current(), history, backtest,
                  DetectorRegistry::Builtin());
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  // Each alert as it stands at the end: created, then updated by later evidence (as the
  // live alert's finding is).
  std::vector<BacktestAlert> created;
  for (const BacktestAlert& alert : report->alerts) {
    if (alert.created) {
      created.push_back(alert);
      continue;
    }
    for (auto it = created.rbegin(); it != created.rend(); ++it) {
      if (it->rule == alert.rule && it->indicator == alert.indicator && it->unit == alert.unit) {
        it->finding = alert.finding;
        break;
      }
    }
  }

  ASSERT_EQ(created.size(), live->size());
  std::size_t shifted = 0;
  std::vector<std::string> stale;
  for (std::size_t i = 0; i < created.size(); ++i) {
    SCOPED_TRACE("alert " + std::to_string(i));
    EXPECT_EQ(created[i].rule, (*live)[i].rule);
    EXPECT_EQ(created[i].unit, (*live)[i].unit);
    EXPECT_EQ(created[i].finding.period, (*live)[i].finding.period);
    EXPECT_EQ(created[i].finding.kind, (*live)[i].finding.kind);
    if (created[i].rule == "stale-data") stale.push_back(created[i].unit);
    shifted += created[i].rule == "level-shift" && created[i].unit == "deventer";
  }
  EXPECT_EQ(stale, (std::vector<std::string>{"zwolle", "deventer"}));
  std::printf("live and replay: %zu alerts each (%zu stale-data, %zu level-shift in deventer), "
              "%zu replayed evaluations\n",
              live->size(), stale.size(), shifted,
              report->rules[0].evaluations + report->rules[1].evaluations);
  EXPECT_GE(shifted, 1u);  // the level shift in deventer
}

}  // namespace
}  // namespace kpiwatch::daemon
