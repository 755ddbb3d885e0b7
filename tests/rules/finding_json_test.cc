#include "rules/formats/finding_json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace kpiwatch {
namespace {

Finding SampleFinding() {
  Finding finding;
  finding.detector = "pelt";
  finding.kind = "change_point";
  finding.indicator = "werkplein.uitstroom_werk";
  finding.unit = "team_noord";
  finding.index = 50;
  finding.period = "2024-03";
  finding.window_begin = 0;
  finding.window_end = 99;
  finding.direction = ChangeDirection::kUp;
  finding.effect = 2.5;
  finding.effect_sd = std::numeric_limits<double>::quiet_NaN();
  finding.statistic_name = "cost_reduction";
  finding.statistic = 41.0;
  finding.p_value = 0.001;
  finding.evidence = {{"mean_before", 10.0},
                      {"mean_after", std::numeric_limits<double>::infinity()}};
  finding.explanation = "The mean rose.";
  finding.questions = {"Did the definition change?"};
  return finding;
}

TEST(FindingJsonTest, CarriesEveryField) {
  boost::json::object json = FindingToJson(SampleFinding());
  EXPECT_EQ(json.at("detector").as_string(), "pelt");
  EXPECT_EQ(json.at("index").to_number<int>(), 50);
  EXPECT_EQ(json.at("period").as_string(), "2024-03");
  EXPECT_EQ(json.at("window_end").to_number<int>(), 99);
  EXPECT_EQ(json.at("direction").as_string(), "up");
  EXPECT_DOUBLE_EQ(json.at("effect").as_double(), 2.5);
  EXPECT_DOUBLE_EQ(json.at("p_value").as_double(), 0.001);
  EXPECT_DOUBLE_EQ(json.at("evidence").at("mean_before").as_double(), 10.0);
  EXPECT_EQ(json.at("questions").as_array().size(), 1u);
  EXPECT_EQ(json.at("explanation").as_string(), "The mean rose.");
}

TEST(FindingJsonTest, NonFiniteAndUnsetNumbersAreNull) {
  boost::json::object json = FindingToJson(SampleFinding());
  EXPECT_TRUE(json.at("effect_sd").is_null());
  EXPECT_TRUE(json.at("probability").is_null());
  EXPECT_TRUE(json.at("evidence").at("mean_after").is_null());
  // The serialised text must be valid JSON (no nan/inf tokens).
  std::string text = boost::json::serialize(json);
  EXPECT_EQ(text.find("nan"), std::string::npos);
  EXPECT_EQ(text.find("inf"), std::string::npos);
}

// NaN-aware equality for numbers that JSON carries as null.
bool SameNumber(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

TEST(FindingJsonTest, FromJsonReadsBackEveryField) {
  Finding finding = SampleFinding();
  finding.window_begin_period = "2020-01";
  finding.window_end_period = "2028-04";
  finding.probability = 0.97;
  finding.evidence.push_back({"nan_evidence", std::numeric_limits<double>::quiet_NaN()});
  Result<Finding> back = FindingFromJson(FindingToJson(finding));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->detector, finding.detector);
  EXPECT_EQ(back->kind, finding.kind);
  EXPECT_EQ(back->indicator, finding.indicator);
  EXPECT_EQ(back->unit, finding.unit);
  EXPECT_EQ(back->index, finding.index);
  EXPECT_EQ(back->period, finding.period);
  EXPECT_EQ(back->window_begin, finding.window_begin);
  EXPECT_EQ(back->window_end, finding.window_end);
  EXPECT_EQ(back->window_begin_period, finding.window_begin_period);
  EXPECT_EQ(back->window_end_period, finding.window_end_period);
  EXPECT_EQ(back->direction, finding.direction);
  EXPECT_EQ(back->effect, finding.effect);
  EXPECT_TRUE(std::isnan(back->effect_sd));
  EXPECT_EQ(back->statistic_name, finding.statistic_name);
  EXPECT_EQ(back->statistic, finding.statistic);
  EXPECT_EQ(back->p_value, finding.p_value);
  EXPECT_EQ(back->probability, finding.probability);
  ASSERT_EQ(back->evidence.size(), 3u);
  EXPECT_EQ(back->evidence[0].name, "mean_before");
  EXPECT_EQ(back->evidence[0].value, 10.0);
  // Infinity is written as null like NaN, so it reads back as NaN.
  EXPECT_EQ(back->evidence[1].name, "mean_after");
  EXPECT_TRUE(std::isnan(back->evidence[1].value));
  EXPECT_TRUE(std::isnan(back->evidence[2].value));
  EXPECT_EQ(back->explanation, finding.explanation);
  EXPECT_EQ(back->questions, finding.questions);
  EXPECT_EQ(boost::json::serialize(FindingToJson(*back)),
            boost::json::serialize(FindingToJson(finding)));
}

TEST(FindingJsonTest, FromJsonUnsetOptionalsAndErrors) {
  Finding finding = SampleFinding();
  finding.p_value.reset();
  Result<Finding> back = FindingFromJson(FindingToJson(finding));
  ASSERT_TRUE(back.ok());
  EXPECT_FALSE(back->p_value.has_value());
  EXPECT_FALSE(back->probability.has_value());
  EXPECT_TRUE(SameNumber(back->effect_sd, finding.effect_sd));

  Result<Finding> bad = FindingFromJson(
      boost::json::parse(R"({"direction": "sideways", "index": -2, "evidence": {"x": "high"}})"),
      "finding");
  ASSERT_FALSE(bad.ok());
  std::vector<std::string> details;
  for (const ErrorDetail& detail : bad.status().details()) details.push_back(detail.ToString());
  ASSERT_EQ(details.size(), 3u);
  EXPECT_EQ(details[0], "finding.index: must be a whole number >= 0");
  EXPECT_EQ(details[1],
            "finding.direction: unknown direction 'sideways' (allowed: none, up, down)");
  EXPECT_EQ(details[2], "finding.evidence.x: must be a number");
}

TEST(FindingJsonTest, OutcomeWithReason) {
  DetectorOutcome outcome = DetectorOutcome::InsufficientData("needs at least 10 points, got 4");
  boost::json::object json = OutcomeToJson(outcome);
  EXPECT_EQ(json.at("applicability").as_string(), "insufficient_data");
  EXPECT_EQ(json.at("reason").as_string(), "needs at least 10 points, got 4");
  EXPECT_TRUE(json.at("findings").as_array().empty());

  outcome = DetectorOutcome{};
  outcome.findings.push_back(SampleFinding());
  EXPECT_EQ(OutcomeToJson(outcome).at("findings").as_array().size(), 1u);
}

TEST(FindingJsonTest, DetectorInfoListsParams) {
  DetectorInfo info;
  info.name = "cusum";
  info.family = "shift";
  info.summary = "Tabular CUSUM";
  info.null_hypothesis = "mean stays at the baseline";
  info.shape = InputShape::kSeries;
  ParamSpec k;
  k.name = "k";
  k.type = ParamType::kDouble;
  k.default_value = "0.5";
  k.min = 0;
  k.description = "reference value, in robust standard deviations";
  info.params = {k};
  boost::json::object json = DetectorInfoToJson(info);
  EXPECT_EQ(json.at("shape").as_string(), "series");
  EXPECT_EQ(json.at("null_hypothesis").as_string(), "mean stays at the baseline");
  const boost::json::object& param = json.at("params").as_array().at(0).as_object();
  EXPECT_EQ(param.at("name").as_string(), "k");
  EXPECT_EQ(param.at("type").as_string(), "double");
  EXPECT_EQ(param.at("default").as_string(), "0.5");
  EXPECT_EQ(param.at("allowed").as_string(), "a number >= 0");
  EXPECT_EQ(param.at("description").as_string(), "reference value, in robust standard deviations");
}

}  // namespace
}  // namespace kpiwatch
