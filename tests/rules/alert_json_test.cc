// Needs the enum names of rules/domain/alert.cc (AlertStatusName, ...), implemented on
// another branch: this test links once that file is merged.
#include "rules/formats/alert_json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "rules/formats/finding_json.h"

namespace kpiwatch {
namespace {

using std::chrono::sys_days;
using std::chrono::sys_seconds;
using namespace std::chrono_literals;

const sys_seconds kRaised = sys_days{std::chrono::year{2026} / 11 / 23} + 17h + 49min + 28s;

Alert FullAlert() {
  Alert alert;
  alert.id = 12;
  alert.rule = "level-shift";
  alert.rule_version = 3;
  alert.dedup_key = "level-shift/werkplein.uitstroom_werk/gemeente_a";
  alert.indicator = "werkplein.uitstroom_werk";
  alert.unit = "gemeente_a";
  alert.severity = Severity::kCritical;
  alert.status = AlertStatus::kInterpreted;
  alert.finding.detector = "pelt";
  alert.finding.kind = "change_point";
  alert.finding.indicator = alert.indicator;
  alert.finding.unit = alert.unit;
  alert.finding.index = 40;
  alert.finding.period = "2024-05";
  alert.finding.direction = ChangeDirection::kDown;
  alert.finding.effect = -3.25;  // effect_sd stays NaN
  alert.finding.p_value = 1e-5;
  alert.finding.evidence = {{"mean_before", 40.0}, {"mean_after", 36.75}};
  alert.finding.explanation = "The level fell.";
  alert.finding.questions = {"Did intake change?"};
  alert.questions = {"Did intake change?", "Who decided?"};
  alert.notify = {"controllers"};
  alert.raised_period = *Period::Parse("2024-07");
  alert.created_at = kRaised;
  alert.updated_at = kRaised + 2h;
  alert.evidence_updates = 2;
  alert.interpretation = Interpretation{InterpretationCategory::kExternalCause, "A plant closed.",
                                        "controller", kRaised + 2h};
  alert.transitions = {{"raise", AlertStatus::kOpen, AlertStatus::kOpen, "kpiwatchd", kRaised, ""},
                       {"interpret", AlertStatus::kOpen, AlertStatus::kInterpreted, "controller",
                        kRaised + 2h, "external_cause"}};
  alert.silenced_by = 0;
  return alert;
}

bool SameNumber(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

void ExpectSameAlert(const Alert& a, const Alert& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.rule, b.rule);
  EXPECT_EQ(a.rule_version, b.rule_version);
  EXPECT_EQ(a.dedup_key, b.dedup_key);
  EXPECT_EQ(a.indicator, b.indicator);
  EXPECT_EQ(a.unit, b.unit);
  EXPECT_EQ(a.severity, b.severity);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.finding.detector, b.finding.detector);
  EXPECT_EQ(a.finding.kind, b.finding.kind);
  EXPECT_EQ(a.finding.index, b.finding.index);
  EXPECT_EQ(a.finding.period, b.finding.period);
  EXPECT_EQ(a.finding.direction, b.finding.direction);
  EXPECT_TRUE(SameNumber(a.finding.effect, b.finding.effect));
  EXPECT_TRUE(SameNumber(a.finding.effect_sd, b.finding.effect_sd));
  EXPECT_TRUE(SameNumber(a.finding.statistic, b.finding.statistic));
  EXPECT_EQ(a.finding.p_value, b.finding.p_value);
  EXPECT_EQ(a.finding.probability, b.finding.probability);
  ASSERT_EQ(a.finding.evidence.size(), b.finding.evidence.size());
  for (std::size_t i = 0; i < a.finding.evidence.size(); ++i) {
    EXPECT_EQ(a.finding.evidence[i].name, b.finding.evidence[i].name);
    EXPECT_TRUE(SameNumber(a.finding.evidence[i].value, b.finding.evidence[i].value));
  }
  EXPECT_EQ(a.finding.explanation, b.finding.explanation);
  EXPECT_EQ(a.finding.questions, b.finding.questions);
  EXPECT_EQ(a.questions, b.questions);
  EXPECT_EQ(a.notify, b.notify);
  EXPECT_EQ(a.raised_period, b.raised_period);
  EXPECT_EQ(a.created_at, b.created_at);
  EXPECT_EQ(a.updated_at, b.updated_at);
  EXPECT_EQ(a.evidence_updates, b.evidence_updates);
  ASSERT_EQ(a.interpretation.has_value(), b.interpretation.has_value());
  if (a.interpretation) {
    EXPECT_EQ(a.interpretation->category, b.interpretation->category);
    EXPECT_EQ(a.interpretation->note, b.interpretation->note);
    EXPECT_EQ(a.interpretation->author, b.interpretation->author);
    EXPECT_EQ(a.interpretation->at, b.interpretation->at);
  }
  ASSERT_EQ(a.transitions.size(), b.transitions.size());
  for (std::size_t i = 0; i < a.transitions.size(); ++i) {
    EXPECT_EQ(a.transitions[i].action, b.transitions[i].action);
    EXPECT_EQ(a.transitions[i].from, b.transitions[i].from);
    EXPECT_EQ(a.transitions[i].to, b.transitions[i].to);
    EXPECT_EQ(a.transitions[i].actor, b.transitions[i].actor);
    EXPECT_EQ(a.transitions[i].at, b.transitions[i].at);
    EXPECT_EQ(a.transitions[i].note, b.transitions[i].note);
  }
  EXPECT_EQ(a.silenced_by, b.silenced_by);
}

TEST(AlertJsonTest, RoundTripsEveryField) {
  Alert alert = FullAlert();
  boost::json::object json = AlertToJson(alert);
  EXPECT_EQ(json.at("status").as_string(), "interpreted");
  EXPECT_EQ(json.at("severity").as_string(), "critical");
  EXPECT_EQ(json.at("created_at").as_string(), "2026-11-23T17:49:28Z");
  EXPECT_EQ(json.at("raised_period").as_string(), "2024-07");
  EXPECT_TRUE(json.at("finding").at("effect_sd").is_null());
  EXPECT_EQ(json.at("interpretation").at("category").as_string(), "external_cause");
  EXPECT_EQ(json.at("transitions").as_array().size(), 2u);
  Result<Alert> back = AlertFromJson(boost::json::parse(boost::json::serialize(json)));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ExpectSameAlert(alert, *back);
  EXPECT_EQ(boost::json::serialize(AlertToJson(*back)), boost::json::serialize(json));
}

TEST(AlertJsonTest, RoundTripsASilencedAlertWithoutOptionals) {
  Alert alert;
  alert.id = 18446744073709551615u;
  alert.rule = "r";
  alert.status = AlertStatus::kSilenced;
  alert.silenced_by = 4;
  alert.finding.effect = std::numeric_limits<double>::quiet_NaN();
  boost::json::object json = AlertToJson(alert);
  EXPECT_TRUE(json.at("raised_period").is_null());
  EXPECT_TRUE(json.at("interpretation").is_null());
  Result<Alert> back = AlertFromJson(json);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ExpectSameAlert(alert, *back);
}

TEST(AlertJsonTest, ErrorsNameTheField) {
  boost::json::object json = AlertToJson(FullAlert());
  json["status"] = "lost";
  json["finding"].as_object()["direction"] = 1;
  json["transitions"].as_array()[1].as_object()["at"] = "later";
  Result<Alert> bad = AlertFromJson(json);
  ASSERT_FALSE(bad.ok());
  std::vector<std::string> fields;
  for (const ErrorDetail& detail : bad.status().details()) fields.push_back(detail.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"status", "finding.direction", "transitions[1].at"}));
}

}  // namespace
}  // namespace kpiwatch
