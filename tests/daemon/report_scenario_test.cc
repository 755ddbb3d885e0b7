// The auditor's report on the simulated "werkplein" municipality, checked structurally:
// the scenario goes through the real services (catalogue file, ingest, default rules,
// alerts), some values are restated, some alerts interpreted, one definition changed;
// then every indicator's report must show every alert, interpretation and restatement,
// and each unit's chart exactly one mark per value, restated value, flagged period and
// definition change.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>
#include <cstdio>
#include <map>

#include "daemon/report/history_csv.h"
#include "daemon/report/history_html.h"
#include "daemon/report/history_json.h"
#include "daemon/report/indicator_history.h"
#include "daemon/report/svg_chart.h"
#include "daemon/report/text_format.h"
#include "daemon/scheduler/scheduler.h"
#include "rules/simulation/scenario.h"
#include "rules/simulation/scenario_files.h"
#include "tests/support/ingest_stack.h"
#include "tests/support/temp_dir.h"
#include "tests/support/text_search.h"

namespace kpiwatch::daemon {
namespace {

using testing::CountOccurrences;

constexpr std::uint64_t kSeed = 20250101;

class ReportScenarioTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<simulation::Scenario> scenario = simulation::BuildScenario("werkplein", kSeed);
    ASSERT_TRUE(scenario.ok());
    scenario_ = std::move(*scenario);
    ASSERT_TRUE(simulation::WriteScenarioFiles(scenario_, stack_.dir / "scenario").ok());
    stack_.clock.Set(scenario_.as_of);
    ASSERT_NO_FATAL_FAILURE(stack_.Open(stack_.dir / "scenario" / "catalogue.yaml"));
    rules_ = std::make_unique<RuleService>(*stack_.database, *stack_.audit, *stack_.catalogue, stack_.clock,
                                           std::nullopt);
    ASSERT_TRUE(rules_->Start().ok());  // the default rules
    alerts_ = std::make_unique<AlertService>(*stack_.database, *stack_.audit, stack_.clock);
    ASSERT_TRUE(alerts_->Start().ok());
    observations_ = std::make_unique<store::ObservationStore>(*stack_.database);
    SchedulerOptions options;
    options.catch_up_on_start = false;
    scheduler_ = std::make_unique<Scheduler>(*observations_, *stack_.catalogue, *rules_, *alerts_, metrics_,
                                             stack_.clock, options);
  }

  IngestResult Ingest(const std::string& csv) {
    ParseOptions options;
    options.format = ObservationFormat::kCsv;
    auto result = stack_.ingest->Ingest(csv, options, "test", "loader");
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return result.ok() ? *result : IngestResult{};
  }

  report::IndicatorHistory History(const std::string& id, const report::HistoryQuery& query = {}) {
    auto history = report::AssembleIndicatorHistory(Sources(), id, query, stack_.clock.Now());
    EXPECT_TRUE(history.ok()) << history.status().ToString();
    return history.ok() ? *history : report::IndicatorHistory{};
  }

  report::HistorySources Sources() const {
    return {*stack_.catalogue, *observations_, *alerts_, *rules_, *stack_.audit};
  }

  testing::IngestStack stack_;
  metrics::Registry metrics_;
  simulation::Scenario scenario_;
  std::unique_ptr<RuleService> rules_;
  std::unique_ptr<AlertService> alerts_;
  std::unique_ptr<store::ObservationStore> observations_;
  std::unique_ptr<Scheduler> scheduler_;
};

// Restates the 10th value of the first unit of every third indicator (old value + 7).
std::string RestatingCsv(const simulation::Scenario& scenario, std::size_t* count) {
  std::map<std::string, const Observation*> chosen;
  std::map<std::string, int> seen;
  for (const Observation& row : scenario.observations) {
    if (chosen.count(row.indicator) > 0 || seen[row.indicator]++ != 9) continue;
    chosen[row.indicator] = &row;
  }
  std::string csv = "indicator,unit,period,value\n";
  int index = 0;
  *count = 0;
  for (const auto& [indicator, row] : chosen) {
    if (index++ % 3 != 0) continue;
    csv += indicator + "," + row->unit + "," + row->period.ToString() + "," +
           report::FormatNumber(row->value + 7) + "\n";
    ++*count;
  }
  return csv;
}

TEST_F(ReportScenarioTest, EveryAlertInterpretationAndRestatementIsInTheReportAndEveryMarkOnItsChart) {
  IngestResult stored = Ingest(testing::ReadFile(stack_.dir / "scenario" / "observations.csv"));
  ASSERT_GT(stored.inserted, 1000u);
  std::size_t restated = 0;
  IngestResult restating = Ingest(RestatingCsv(scenario_, &restated));
  ASSERT_EQ(restating.restatements.size(), restated);
  ASSERT_GE(restated, 3u);
  auto round = scheduler_->EvaluateIngest(stored.touched);
  ASSERT_TRUE(round.ok()) << round.status().ToString();

  // Interpret every second alert, acknowledge every third of the others.
  auto alerts = alerts_->List({.limit = 100000});
  ASSERT_TRUE(alerts.ok());
  ASSERT_GE(alerts->size(), 5u) << "the default rules should find the injected effects";
  std::size_t interpreted = 0;
  for (const Alert& alert : *alerts) {
    if (alert.id % 2 == 0) {
      Interpretation interpretation{.category = InterpretationCategory::kExternalCause,
                                    .note = "Alert " + std::to_string(alert.id) + ": intake <moved> & merged"};
      ASSERT_TRUE(alerts_->Act(alert.id, AlertAction::kInterpret, "carla", interpretation).ok());
      ++interpreted;
    } else if (alert.id % 3 == 0) {
      ASSERT_TRUE(alerts_->Act(alert.id, AlertAction::kAcknowledge, "carla", std::nullopt).ok());
    }
  }

  // A definition change of the first indicator with alerts, from its 40th period on.
  std::string changed_id = alerts->front().indicator;
  Indicator changed = *stack_.catalogue->Current()->Find(changed_id);
  Period first_period = observations_->ReadSeries(changed_id, *observations_->ListUnits(changed_id)->begin())->front().period;
  changed.definition_version = 2;
  changed.definition_changes = {first_period.Next(40)};
  changed.definition += " From the 40th period on, part-time placements count too.";
  ASSERT_TRUE(stack_.catalogue->Put(changed, "sam").ok());

  std::size_t alerts_seen = 0, interpretations_seen = 0, restatements_seen = 0, points_checked = 0, flags_checked = 0,
              largest_report = 0;
  for (const Indicator& indicator : scenario_.indicators) {
    report::IndicatorHistory history = History(indicator.id);
    std::string html = report::RenderHistoryHtml(history);
    largest_report = std::max(largest_report, html.size());
    // Every alert of the indicator, with its explanation and (when given) its interpretation.
    auto own = alerts_->List({.indicator = indicator.id, .limit = 100000});
    ASSERT_TRUE(own.ok());
    EXPECT_EQ(history.alerts.size(), own->size()) << indicator.id;
    EXPECT_EQ(CountOccurrences(html, "<section class=\"alert "), own->size()) << indicator.id;
    for (const Alert& alert : *own) {
      Alert current = *alerts_->Get(alert.id);
      EXPECT_NE(html.find("id=\"alert-" + std::to_string(alert.id) + "\""), std::string::npos) << alert.id;
      EXPECT_NE(html.find(report::HtmlEscape(current.finding.explanation)), std::string::npos) << alert.id;
      std::string section = testing::ElementFrom(html, "id=\"alert-" + std::to_string(alert.id) + "\"", "</section>");
      EXPECT_EQ(CountOccurrences(section, "<tr class=\"transition\">"), current.transitions.size()) << alert.id;
      if (current.interpretation) {
        EXPECT_NE(section.find(report::HtmlEscape(current.interpretation->note)), std::string::npos) << alert.id;
        EXPECT_NE(section.find("Interpretation: external_cause</strong> by carla"), std::string::npos);
        ++interpretations_seen;
      }
      ++alerts_seen;
    }
    // Per unit: one chart, one point per stored value, one hollow marker and table row per
    // restatement, one band per alert of the unit, one line per definition change.
    std::size_t at = 0;
    for (const report::UnitHistory& unit : history.units) {
      std::size_t section_at = html.find("<section class=\"unit\" id=\"unit-" + unit.unit + "\"", at);
      ASSERT_NE(section_at, std::string::npos) << indicator.id << "/" << unit.unit;
      std::string section = testing::ElementFrom(html, "<section class=\"unit\"", "</section>", section_at);
      at = section_at + 1;
      std::string svg = testing::ElementFrom(section, "<svg class=\"chart\"", "</svg>");
      auto series = observations_->ReadSeries(indicator.id, unit.unit);
      auto revisions = observations_->ReadRevisions(indicator.id, unit.unit);
      ASSERT_TRUE(series.ok() && revisions.ok());
      EXPECT_EQ(CountOccurrences(svg, "<circle class=\"point\""), series->size()) << indicator.id << "/" << unit.unit;
      EXPECT_EQ(CountOccurrences(svg, "<circle class=\"restated\""), revisions->size());
      EXPECT_EQ(CountOccurrences(section, "<tr class=\"restatement\">"), revisions->size());
      for (const store::RevisionRecord& record : *revisions) {
        EXPECT_NE(svg.find(record.period.ToString() + ": restated from " +
                           report::FormatNumber(record.revision.replaced.value) + " to " +
                           report::FormatNumber(record.revision.new_value)),
                  std::string::npos);
      }
      std::size_t flagged = 0;
      for (const Alert& alert : *own) {
        Result<Period> period = Period::Parse(alert.finding.period);
        if (report::AlertConcernsUnit(alert, unit.unit) && period.ok() && period->cadence() == indicator.cadence &&
            period->ordinal() >= series->front().period.ordinal() && period->ordinal() <= series->back().period.ordinal()) {
          ++flagged;
        }
      }
      EXPECT_EQ(CountOccurrences(svg, "<rect class=\"flagged"), flagged) << indicator.id << "/" << unit.unit;
      EXPECT_EQ(CountOccurrences(svg, "<line class=\"definition-change\""), indicator.id == changed_id ? 1u : 0u);
      points_checked += series->size();
      restatements_seen += revisions->size();
      flags_checked += flagged;
    }
    // The CSV export holds the same records.
    std::string csv = report::RenderHistoryCsv(history, report::CsvLocale::kDutch);
    std::size_t points = 0, revisions = 0;
    for (const report::UnitHistory& unit : history.units) points += unit.points.size(), revisions += unit.restatements.size();
    EXPECT_EQ(CountOccurrences(csv, "\r\npoint;"), points);
    EXPECT_EQ(CountOccurrences(csv, "\r\nrestatement;"), revisions);
    EXPECT_EQ(CountOccurrences(csv, "\r\nalert;"), own->size());
    EXPECT_TRUE(history.audit.ok);
  }
  EXPECT_EQ(alerts_seen, alerts->size());
  EXPECT_EQ(interpretations_seen, interpreted);
  EXPECT_EQ(restatements_seen, restated);
  std::printf("[ report ] werkplein seed %llu: %zu indicators, %zu alerts (%zu interpreted), %zu restatements, "
              "%zu chart points and %zu flagged bands checked; largest HTML report %zu bytes\n",
              static_cast<unsigned long long>(kSeed), scenario_.indicators.size(), alerts_seen, interpretations_seen,
              restatements_seen, points_checked, flags_checked, largest_report);

  // The changed indicator: its earlier definition and both catalogue records are shown.
  report::IndicatorHistory history = History(changed_id);
  ASSERT_EQ(history.previous_definitions.size(), 1u);
  ASSERT_EQ(history.definition_changes.size(), 2u);
  EXPECT_EQ(history.definition_changes[1].change, "changed");
  EXPECT_EQ(history.definition_changes[1].actor, "sam");
  EXPECT_EQ(history.definition_changes[1].definition_version, 2);
  std::string html = report::RenderHistoryHtml(history);
  EXPECT_EQ(CountOccurrences(html, "<tr class=\"previous-definition\">"), 1u);
  EXPECT_EQ(CountOccurrences(html, "<tr class=\"catalogue-change\">"), 2u);
  EXPECT_NE(html.find(report::HtmlEscape(changed.definition)), std::string::npos);
}

TEST_F(ReportScenarioTest, AUnitAPeriodRangeAndAnAlertSelectionNarrowTheReport) {
  IngestResult stored = Ingest(testing::ReadFile(stack_.dir / "scenario" / "observations.csv"));
  ASSERT_TRUE(scheduler_->EvaluateIngest(stored.touched).ok());
  auto alerts = alerts_->List({.limit = 100000});
  ASSERT_TRUE(alerts.ok());
  ASSERT_FALSE(alerts->empty());
  const Alert& alert = alerts->back();
  ASSERT_FALSE(alert.unit.empty());
  ASSERT_TRUE(alerts_->Act(alert.id, AlertAction::kAcknowledge, "carla", std::nullopt).ok());
  Period period = *Period::Parse(alert.finding.period);

  report::HistoryQuery query{.unit = alert.unit, .from = period.Next(-3), .to = period.Next(3)};
  report::IndicatorHistory narrow = History(alert.indicator, query);
  ASSERT_EQ(narrow.units.size(), 1u);
  EXPECT_EQ(narrow.units[0].points.size(), 7u);
  EXPECT_EQ(narrow.units[0].points.front().period, period.Next(-3));
  EXPECT_EQ(CountOccurrences(report::RenderUnitChart(narrow, narrow.units[0]), "<circle class=\"point\""), 7u);
  bool found = false;
  for (const Alert& shown : narrow.alerts) found = found || shown.id == alert.id;
  EXPECT_TRUE(found);

  query.alerts.status = AlertStatus::kAcknowledged;
  report::IndicatorHistory acknowledged = History(alert.indicator, query);
  ASSERT_EQ(acknowledged.alerts.size(), 1u);
  EXPECT_EQ(acknowledged.alerts[0].id, alert.id);
  EXPECT_GE(acknowledged.alerts_total, 1u);
  query.alerts.status = AlertStatus::kClosed;
  EXPECT_TRUE(History(alert.indicator, query).alerts.empty());

  report::HistorySources sources = Sources();
  auto unknown_unit = report::AssembleIndicatorHistory(sources, alert.indicator, {.unit = "atlantis"}, stack_.clock.Now());
  EXPECT_EQ(unknown_unit.status().code(), StatusCode::kNotFound);
  auto unknown = report::AssembleIndicatorHistory(sources, "no.such", {}, stack_.clock.Now());
  EXPECT_EQ(unknown.status().code(), StatusCode::kNotFound);
  auto wrong_cadence = report::AssembleIndicatorHistory(sources, alert.indicator, {.from = Period::Parse("2024").value()},
                                                        stack_.clock.Now());
  EXPECT_EQ(wrong_cadence.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace kpiwatch::daemon
