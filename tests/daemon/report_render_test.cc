// The report renderers as pure functions of a hand-built IndicatorHistory: the SVG chart's
// marks (counted), HTML escaping and self-containedness, CSV in both locales, JSON, and
// the query parser.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "daemon/report/history_csv.h"
#include "daemon/report/history_html.h"
#include "daemon/report/history_json.h"
#include "daemon/report/history_query.h"
#include "daemon/report/index_html.h"
#include "daemon/report/svg_chart.h"
#include "daemon/report/text_format.h"
#include "rules/formats/timestamp.h"
#include "tests/support/rule_fixtures.h"
#include "tests/support/text_search.h"

namespace kpiwatch::daemon::report {
namespace {

using testing::CountOccurrences;

Period Month(const std::string& text) { return Period::Parse(text, Cadence::kMonth).value(); }

store::SeriesPoint Point(const std::string& period, double value) {
  return {Month(period), store::StoredPoint{.value = value, .reported_at = 1700000000, .batch = 1, .source = "http"}};
}

store::RevisionRecord Revision(const std::string& unit, const std::string& period, double old_value,
                               double new_value) {
  store::RevisionRecord record{.unit = unit, .period = Month(period)};
  record.revision.replaced = {.value = old_value, .reported_at = 1700000000, .batch = 1, .source = "spool:a.csv"};
  record.revision.new_value = new_value;
  record.revision.replaced_at = 1700100000;
  record.revision.batch = 2;
  return record;
}

Alert MakeAlert(std::uint64_t id, const std::string& unit, const std::string& period) {
  Alert alert;
  alert.id = id;
  alert.rule = "level-shift";
  alert.rule_version = 1;
  alert.indicator = "werk.uitstroom";
  alert.unit = unit;
  alert.finding.detector = "pelt";
  alert.finding.kind = "change_point";
  alert.finding.period = period;
  alert.finding.p_value = 0.001;
  alert.finding.explanation = "The level rose from 40 to 60 in " + period + ".";
  alert.questions = {"Did the definition change?"};
  alert.created_at = std::chrono::sys_seconds{std::chrono::seconds(1700200000)};
  alert.transitions = {{.action = "raise", .actor = "kpiwatchd", .at = alert.created_at}};
  return alert;
}

// Unit zwolle: 12 months of 2024 with 2024-05 missing (11 points), two restatements, one
// alert; unit deventer: 3 points; a cross-section alert; a definition change in 2024-07;
// a target >= 40 from 2024-03.
IndicatorHistory SampleHistory() {
  IndicatorHistory history;
  history.indicator = testing::MonthlyIndicator("werk.uitstroom");
  history.indicator.name = "Uitstroom <naar> werk & \"meer\"";
  history.indicator.target = Target{.value = 40, .comparator = Comparator::kAtLeast, .valid_from = Month("2024-03")};
  history.indicator.definition_version = 2;
  history.indicator.definition_changes = {Month("2024-07")};
  history.indicator.counter_indicators = {"werk.duurzaam"};
  UnitHistory zwolle{.unit = "zwolle"};
  for (int month = 1; month <= 12; ++month) {
    if (month == 5) continue;
    zwolle.points.push_back(Point("2024-" + std::string(month < 10 ? "0" : "") + std::to_string(month), 40.5 + month));
  }
  zwolle.restatements = {Revision("zwolle", "2024-02", 30, 42.5), Revision("zwolle", "2024-09", 55.25, 49.5)};
  UnitHistory deventer{.unit = "deventer", .points = {Point("2024-01", 10), Point("2024-02", 11), Point("2024-03", 12)}};
  history.units = {deventer, zwolle};
  Alert interpreted = MakeAlert(3, "zwolle", "2024-08");
  interpreted.status = AlertStatus::kInterpreted;
  interpreted.interpretation = Interpretation{.category = InterpretationCategory::kGamingSuspected,
                                              .note = "Check <script>alert(1)</script> the intake; =SUM(A1)",
                                              .author = "carla",
                                              .at = std::chrono::sys_seconds{std::chrono::seconds(1700300000)}};
  interpreted.transitions.push_back({.action = "interpret", .from = AlertStatus::kOpen,
                                     .to = AlertStatus::kInterpreted, .actor = "carla",
                                     .at = interpreted.interpretation->at, .note = "gaming_suspected"});
  history.alerts = {interpreted, MakeAlert(4, "", "2024-03")};
  history.alerts_total = 2;
  history.alert_rules = {"level-shift"};
  history.rule_versions = {{.version = 1, .author = "sam", .source = "rules.yaml", .summary = "1 added (level-shift)",
                            .active = true, .alert_ids = {3, 4}, .rules = {"level-shift"}}};
  history.audit = {.records = 17, .ok = true};
  history.generated_at = std::chrono::sys_seconds{std::chrono::seconds(1700400000)};
  return history;
}

TEST(SvgChartTest, EveryValueRestatementFlagAndDefinitionChangeIsOneMark) {
  IndicatorHistory history = SampleHistory();
  const UnitHistory& zwolle = history.units[1];
  std::string svg = RenderUnitChart(history, zwolle);
  EXPECT_EQ(svg.rfind("<svg class=\"chart\"", 0), 0u);
  EXPECT_NE(svg.find("viewBox=\"0 0 800 300\""), std::string::npos);
  EXPECT_EQ(CountOccurrences(svg, "<circle class=\"point\""), 11u);
  EXPECT_EQ(CountOccurrences(svg, "<circle class=\"restated\""), 2u);
  EXPECT_EQ(CountOccurrences(svg, "<line class=\"restatement-link\""), 2u);
  // The unit's own alert and the cross-section alert.
  EXPECT_EQ(CountOccurrences(svg, "<rect class=\"flagged"), 2u);
  EXPECT_EQ(CountOccurrences(svg, "<line class=\"definition-change\""), 1u);
  EXPECT_EQ(CountOccurrences(svg, "<path class=\"target\""), 1u);
  // The gap at 2024-05 breaks the line: two moves.
  std::string series = testing::ElementFrom(svg, "<path class=\"series\"", "/>");
  EXPECT_EQ(CountOccurrences(series, "M"), 2u) << series;
  EXPECT_NE(svg.find("2024-09: restated from 55.25 to 49.5"), std::string::npos);
  EXPECT_NE(svg.find("alert #3 level-shift (interpreted): 2024-08"), std::string::npos);
  EXPECT_NE(svg.find("Uitstroom &lt;naar&gt; werk &amp; &quot;meer&quot;"), std::string::npos);
}

TEST(SvgChartTest, OtherUnitsAlertsAreNotFlaggedAndNoTargetMeansNoTargetLine) {
  IndicatorHistory history = SampleHistory();
  history.indicator.target.reset();
  std::string svg = RenderUnitChart(history, history.units[0]);  // deventer: only the cross-section alert
  EXPECT_EQ(CountOccurrences(svg, "<circle class=\"point\""), 3u);
  EXPECT_EQ(CountOccurrences(svg, "<rect class=\"flagged"), 1u);
  EXPECT_EQ(CountOccurrences(svg, "class=\"target\""), 0u);
  // 2024-07 lies outside deventer's periods (2024-01 .. 2024-03).
  EXPECT_EQ(CountOccurrences(svg, "class=\"definition-change\""), 0u);
  UnitHistory empty{.unit = "kampen"};
  EXPECT_NE(RenderUnitChart(history, empty).find("no observations"), std::string::npos);
}

TEST(SvgChartTest, MonthlyLabelsFallOnJanuaryAndAFlagOnTheLastPeriodStaysInThePlot) {
  IndicatorHistory history = SampleHistory();
  UnitHistory long_unit{.unit = "zwolle"};
  Period month = Month("2019-03");
  for (int i = 0; i < 82; ++i, month = month.Next()) long_unit.points.push_back({month, {.value = 40.0 + i % 5}});
  history.alerts = {MakeAlert(9, "zwolle", long_unit.points.back().period.ToString())};  // 2025-12
  std::string svg = RenderUnitChart(history, long_unit);
  for (int year = 2020; year <= 2025; ++year) {
    EXPECT_NE(svg.find(">" + std::to_string(year) + "-01</text>"), std::string::npos) << year;
  }
  EXPECT_EQ(svg.find(">2019-03</text>"), std::string::npos);
  EXPECT_EQ(svg.find(">2019-08</text>"), std::string::npos);
  // The band of the last period is half a period wide and ends at the plot's right edge (784).
  std::string band = testing::ElementFrom(svg, "<rect class=\"flagged", ">");
  double x = std::stod(band.substr(band.find(" x=\"") + 4));
  double width = std::stod(band.substr(band.find(" width=\"") + 8));
  EXPECT_NEAR(x + width, 784.0, 0.11) << band;
}

TEST(HistoryHtmlTest, TheReportIsSelfContainedAndEscapesEverythingFromTheHistory) {
  std::string html = RenderHistoryHtml(SampleHistory());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(CountOccurrences(html, "<script"), 0u);
  EXPECT_NE(html.find("Check &lt;script&gt;alert(1)&lt;/script&gt; the intake"), std::string::npos);
  EXPECT_EQ(CountOccurrences(html, "<svg class=\"chart\""), 2u);
  EXPECT_EQ(CountOccurrences(html, " src="), 0u);
  EXPECT_EQ(CountOccurrences(html, "<link"), 0u);
  EXPECT_EQ(CountOccurrences(html, "http://"), CountOccurrences(html, "xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_NE(html.find("@media print"), std::string::npos);
  EXPECT_NE(html.find("size: A4"), std::string::npos);
  // Alerts with interpretation and transitions; restatements; rule versions; audit.
  EXPECT_NE(html.find("id=\"alert-3\""), std::string::npos);
  EXPECT_NE(html.find("id=\"alert-4\""), std::string::npos);
  EXPECT_EQ(CountOccurrences(html, "<div class=\"interpretation\">"), 1u);
  EXPECT_NE(html.find("Interpretation: gaming_suspected</strong> by carla"), std::string::npos);
  EXPECT_EQ(CountOccurrences(html, "<tr class=\"transition\">"), 3u);
  EXPECT_EQ(CountOccurrences(html, "<tr class=\"restatement\">"), 2u);
  EXPECT_EQ(CountOccurrences(html, "<tr class=\"rule-version\">"), 1u);
  EXPECT_NE(html.find("intact</span>: 17 records verified"), std::string::npos);
  EXPECT_NE(html.find("v2 from 2024-07"), std::string::npos);
  EXPECT_NE(html.find("&gt;= 40 from 2024-03"), std::string::npos);
  // The standalone file has no navigation or form; the web page has both.
  EXPECT_EQ(CountOccurrences(html, "<form"), 0u);
  std::string page = RenderHistoryHtml(SampleHistory(), {.web = true, .sign_out = true});
  EXPECT_NE(page.find("<form class=\"filter\" method=\"get\" action=\"/ui/indicators/werk.uitstroom\">"),
            std::string::npos);
  EXPECT_NE(page.find("action=\"/ui/logout\""), std::string::npos);
  EXPECT_NE(page.find("href=\"/ui/indicators/werk.duurzaam\""), std::string::npos);
  EXPECT_NE(page.find("/v1/indicators/werk.uitstroom/report?format=csv&amp;locale=nl"), std::string::npos);
}

TEST(HistoryHtmlTest, TheFilterFormShowsTheSelectionAndABrokenChainIsSaid) {
  IndicatorHistory history = SampleHistory();
  history.query.alerts.status = AlertStatus::kInterpreted;
  history.query.unit = "zwolle\"><b>";
  history.audit = {.records = 4, .ok = false, .first_broken_seq = 5, .reason = "hash mismatch"};
  std::string page = RenderHistoryHtml(history, {.web = true});
  EXPECT_NE(page.find("<option value=\"interpreted\" selected>"), std::string::npos);
  EXPECT_NE(page.find("value=\"zwolle&quot;&gt;&lt;b&gt;\""), std::string::npos);
  EXPECT_EQ(page.find("zwolle\"><b>"), std::string::npos);
  EXPECT_NE(page.find("BROKEN</span> at record 5: hash mismatch"), std::string::npos);
}

TEST(IndexHtmlTest, ListsEveryIndicatorWithStatusAndOpenAlertsLinked) {
  IndicatorSummary review{.indicator = testing::MonthlyIndicator("werk.uitstroom"),
                          .units = 2, .steering = SteeringStatus::kUnderReview, .open_alerts = 1, .total_alerts = 3};
  IndicatorSummary quiet{.indicator = testing::MonthlyIndicator("werk.<b>")};
  std::string html = RenderIndexHtml({review, quiet}, std::chrono::sys_seconds{}, false);
  EXPECT_EQ(CountOccurrences(html, "<tr class=\"indicator\">"), 2u);
  EXPECT_NE(html.find("<a href=\"/ui/indicators/werk.uitstroom?status=open\">1</a>"), std::string::npos);
  EXPECT_NE(html.find("status-under_review\">under_review"), std::string::npos);
  EXPECT_NE(html.find("/ui/indicators/werk.%3Cb%3E"), std::string::npos);
  EXPECT_EQ(html.find("werk.<b>"), std::string::npos);
  EXPECT_EQ(CountOccurrences(html, "/ui/logout"), 0u);
}

TEST(HistoryCsvTest, EnglishUsesCommasAndPointsWithOneRowPerRecord) {
  std::string csv = RenderHistoryCsv(SampleHistory(), CsvLocale::kEnglish);
  ASSERT_EQ(csv.rfind("\xEF\xBB\xBFrecord,indicator,unit,period,value,old_value,n,target,alert_id,", 0), 0u);
  EXPECT_EQ(CountOccurrences(csv, "\r\npoint,"), 14u);
  EXPECT_EQ(CountOccurrences(csv, "\r\nrestatement,"), 2u);
  EXPECT_EQ(CountOccurrences(csv, "\r\nalert,"), 2u);
  EXPECT_EQ(CountOccurrences(csv, "\r\ninterpretation,"), 1u);
  EXPECT_EQ(CountOccurrences(csv, "\r\ntransition,"), 3u);
  EXPECT_EQ(CountOccurrences(csv, "\r\ndefinition,"), 1u);
  EXPECT_NE(csv.find("restatement,werk.uitstroom,zwolle,2024-09,49.5,55.25,"), std::string::npos);
  // Before valid_from there is no target; after, 40.
  EXPECT_NE(csv.find("point,werk.uitstroom,zwolle,2024-02,42.5,,,,"), std::string::npos);
  EXPECT_NE(csv.find("point,werk.uitstroom,zwolle,2024-03,43.5,,,40,"), std::string::npos);
  EXPECT_NE(csv.find(",gaming_suspected,carla,2023-11-18T09:33:20Z,Check <script>"), std::string::npos) << csv;
}

TEST(HistoryCsvTest, DutchUsesSemicolonsAndADecimalCommaAndGuardsFormulas) {
  IndicatorHistory history = SampleHistory();
  history.alerts[0].interpretation->note = "=HYPERLINK(\"x\";1)";
  std::string csv = RenderHistoryCsv(history, CsvLocale::kDutch);
  EXPECT_EQ(csv.rfind("\xEF\xBB\xBFrecord;indicator;unit;period;value;old_value;", 0), 0u);
  EXPECT_NE(csv.find("restatement;werk.uitstroom;zwolle;2024-09;49,5;55,25;"), std::string::npos);
  EXPECT_NE(csv.find(";\"'=HYPERLINK(\"\"x\"\";1)\"\r\n"), std::string::npos) << csv;
  EXPECT_EQ(ParseCsvLocale("nl").value(), CsvLocale::kDutch);
  EXPECT_FALSE(ParseCsvLocale("de").ok());
}

TEST(HistoryJsonTest, HoldsTheSameRecordsAsThePage) {
  boost::json::object json = HistoryToJson(SampleHistory());
  EXPECT_EQ(json.at("indicator").at("id").as_string(), "werk.uitstroom");
  const auto& units = json.at("units").as_array();
  ASSERT_EQ(units.size(), 2u);
  EXPECT_EQ(units.at(1).at("points").as_array().size(), 11u);
  EXPECT_EQ(units.at(1).at("restatements").as_array().at(1).at("old_value").as_double(), 55.25);
  EXPECT_EQ(json.at("alerts").as_array().size(), 2u);
  EXPECT_EQ(json.at("alerts").at(0).at("interpretation").at("author").as_string(), "carla");
  EXPECT_EQ(json.at("rule_versions").at(0).at("alerts").as_array().size(), 2u);
  EXPECT_TRUE(json.at("audit").at("ok").as_bool());
}

TEST(HistoryQueryTest, ReadsEveryParameterAndReportsEveryBadOne) {
  auto query = ParseHistoryQuery(
      {{"unit", "zwolle"}, {"from", "2024-01"}, {"to", ""}, {"status", "open"}, {"severity", "warning"}, {"rule", "x"}});
  ASSERT_TRUE(query.ok()) << query.status().ToString();
  EXPECT_EQ(query->unit, "zwolle");
  EXPECT_EQ(query->from, Month("2024-01"));
  EXPECT_FALSE(query->to.has_value());
  EXPECT_EQ(query->alerts.status, AlertStatus::kOpen);
  EXPECT_EQ(query->alerts.min_severity, Severity::kWarning);
  EXPECT_EQ(query->alerts.rule, "x");
  auto bad = ParseHistoryQuery({{"from", "2024-13"}, {"status", "done"}, {"severity", "loud"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().details().size(), 3u);
  auto reversed = ParseHistoryQuery({{"from", "2024-05"}, {"to", "2024-01"}});
  ASSERT_FALSE(reversed.ok());
  EXPECT_EQ(reversed.status().details().at(0).field, "to");
}

TEST(TextFormatTest, NumbersAreShortAndLocalisedAndHtmlIsEscaped) {
  EXPECT_EQ(FormatNumber(40), "40");
  EXPECT_EQ(FormatNumber(41.5, ','), "41,5");
  EXPECT_EQ(FormatNumber(0.1 + 0.2, '.', 6), "0.3");
  EXPECT_EQ(FormatNumber(std::nan("")), "NaN");
  EXPECT_EQ(HtmlEscape("<a href='x'>&\"</a>"), "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
}

}  // namespace
}  // namespace kpiwatch::daemon::report
