#include <gtest/gtest.h>

#include "rules/formats/alert_json.h"

namespace kpiwatch {
namespace {

TEST(RuleJsonTest, ListsEveryField) {
  Rule rule;
  rule.name = "level-shift";
  rule.description = "d";
  rule.select.indicators = {"werkplein.*"};
  rule.select.labels = {"werk"};
  rule.select.layer = Layer::kImpact;
  rule.select.owner_teams = {"werk"};
  rule.select.units = {"gemeente_*"};
  rule.select.unit_kinds = {UnitKind::kCount};
  rule.detector = "pelt";
  rule.params = {{"penalty", "mbic"}, {"min_segment", "3"}};
  rule.when = *ParseRuleSchedule("daily 06:00");
  rule.window_periods = 36;
  rule.thresholds.max_p = 0.01;
  rule.thresholds.min_effect = 1.5;
  rule.thresholds.min_points = 12;
  rule.severity = Severity::kCritical;
  rule.notify = {"controllers"};
  rule.cooldown_periods = 2;
  rule.questions = {"Why?"};
  rule.fdr = FdrControl{0.1, FdrControl::Scope::kAllRules};
  EXPECT_EQ(
      boost::json::serialize(RuleToJson(rule)),
      R"({"name":"level-shift","description":"d","select":{"indicators":["werkplein.*"],)"
      R"("labels":["werk"],"layer":"impact","owner_teams":["werk"],"units":["gemeente_*"],)"
      R"("unit_kinds":["count"]},"detector":"pelt","params":{"min_segment":"3","penalty":"mbic"},)"
      R"("when":"daily 06:00","window":36,"thresholds":{"max_p":1E-2,"min_effect":1.5E0,"min_points":12},)"
      R"("severity":"critical","notify":["controllers"],"cooldown":2,)"
      R"("dedup_key":"{rule}/{indicator}/{unit}","questions":["Why?"],)"
      R"("fdr":{"q":1E-1,"scope":"all_rules"}})");
}

TEST(RuleJsonTest, UnsetOptionalsAreNull) {
  Rule rule;
  rule.name = "r";
  rule.detector = "gaps";
  rule.thresholds = RuleThresholds{};
  boost::json::object json = RuleToJson(rule);
  EXPECT_TRUE(json.at("window").is_null());
  EXPECT_TRUE(json.at("fdr").is_null());
  EXPECT_TRUE(json.at("select").at("layer").is_null());
  EXPECT_TRUE(json.at("thresholds").at("max_p").is_null());
  EXPECT_TRUE(json.at("thresholds").at("min_effect").is_null());
  EXPECT_EQ(json.at("when").as_string(), "on_ingest");
  EXPECT_EQ(json.at("severity").as_string(), "warning");
}

}  // namespace
}  // namespace kpiwatch
