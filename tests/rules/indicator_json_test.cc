#include "rules/formats/indicator_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace kpiwatch {
namespace {

using ::testing::ElementsAre;

Indicator FullIndicator() {
  Indicator indicator;
  indicator.id = "werkplein.uitstroom_werk";
  indicator.name = "Uitstroom naar werk";
  indicator.definition = "Clients leaving benefits for paid work.";
  indicator.unit = UnitKind::kPercent;
  indicator.direction = Direction::kHigherIsBetter;
  indicator.cadence = Cadence::kQuarter;
  indicator.target = Target{40.0, Comparator::kAtLeast, *Period::Parse("2024-Q1")};
  indicator.owner_team = "werkplein";
  indicator.layer = Layer::kActivity;
  indicator.numerator = "werkplein.naar_werk";
  indicator.denominator = "werkplein.uitkeringen";
  indicator.counter_indicators = {"werkplein.behoud_6m"};
  indicator.proxy_for = "werkplein.zelfredzaamheid";
  indicator.source = "Suite4Werk";
  indicator.definition_version = 2;
  indicator.definition_changes = {*Period::Parse("2023-Q3")};
  indicator.labels = {"participatie"};
  indicator.owner_group = "controllers";
  return indicator;
}

std::vector<std::string> Errors(const Status& status) {
  std::vector<std::string> out = {status.message()};
  for (const ErrorDetail& detail : status.details()) out.push_back(detail.ToString());
  return out;
}

TEST(IndicatorJsonTest, RoundTripKeepsEveryField) {
  Indicator original = FullIndicator();
  boost::json::value json = IndicatorToJson(original);
  EXPECT_EQ(json.at("unit").as_string(), "percent");
  EXPECT_EQ(json.at("target").at("comparator").as_string(), ">=");
  EXPECT_EQ(json.at("target").at("valid_from").as_string(), "2024-Q1");
  Result<Indicator> back = IndicatorFromJson(json, original.id);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(boost::json::serialize(IndicatorToJson(*back)), boost::json::serialize(json));
}

TEST(IndicatorJsonTest, OptionalFieldsLeftOutWhenUnset) {
  Indicator indicator;
  indicator.id = "a";
  indicator.name = "A";
  indicator.definition = "d";
  boost::json::object json = IndicatorToJson(indicator);
  EXPECT_FALSE(json.contains("target"));
  EXPECT_FALSE(json.contains("layer"));
  EXPECT_TRUE(json.at("labels").as_array().empty());
}

TEST(IndicatorJsonTest, IdFromPathWhenBodyHasNone) {
  boost::json::value json = boost::json::parse(R"({"name": "A", "definition": "d", "n": null})");
  Result<Indicator> indicator = IndicatorFromJson(json, "a.b");
  ASSERT_FALSE(indicator.ok());  // "n" is not a field
  json.as_object().erase("n");
  indicator = IndicatorFromJson(json, "a.b");
  ASSERT_TRUE(indicator.ok()) << indicator.status().ToString();
  EXPECT_EQ(indicator->id, "a.b");
}

TEST(IndicatorJsonTest, ReportsEveryBadFieldByName) {
  boost::json::value json = boost::json::parse(R"({
    "id": "a.b", "name": 3, "definition": "", "unit": "euro", "cadence": "month",
    "target": {"value": "40", "comparator": "~", "since": "2024-01"},
    "counter_indicators": "x", "definition_version": 0, "ownr_team": "t"})");
  EXPECT_THAT(Errors(IndicatorFromJson(json, "a.c").status()),
              ElementsAre("invalid indicator",
                          "name: must be a string",
                          "definition: must not be empty",
                          "unit: unknown unit 'euro' (allowed: count, percent, ratio, score, "
                          "amount, duration)",
                          "counter_indicators: must be a list",
                          "ownr_team: unknown field (did you mean 'owner_team'?)",
                          "target.value: must be a number",
                          "target.comparator: unknown comparator '~' (allowed: >=, <=, at_least, "
                          "at_most)",
                          "target.since: unknown field",
                          "definition_version: must be a whole number >= 1",
                          "id: id 'a.b' in the body does not match 'a.c' in the path"));
}

TEST(IndicatorJsonTest, NotAnObject) {
  EXPECT_FALSE(IndicatorFromJson(boost::json::parse("[1]"), "").ok());
}

TEST(IndicatorReferencesTest, EveryReferenceMustBeDeclared) {
  Indicator indicator = FullIndicator();
  indicator.counter_indicators.push_back(indicator.id);
  Indicator counterpart;
  counterpart.id = "werkplein.behoud_6m";
  Indicator numerator;
  numerator.id = "werkplein.naar_werk";
  Catalogue catalogue({indicator, counterpart, numerator});
  EXPECT_THAT(Errors(ValidateIndicatorReferences(indicator, catalogue)),
              ElementsAre("indicator 'werkplein.uitstroom_werk' has bad references",
                          "denominator: refers to indicator 'werkplein.uitkeringen', which is not "
                          "declared",
                          "proxy_for: refers to indicator 'werkplein.zelfredzaamheid', which is "
                          "not declared",
                          "counter_indicators[1]: an indicator cannot refer to itself"));
  catalogue.Upsert(Indicator{.id = "werkplein.uitkeringen"});
  catalogue.Upsert(Indicator{.id = "werkplein.zelfredzaamheid"});
  indicator.counter_indicators.pop_back();
  EXPECT_TRUE(ValidateIndicatorReferences(indicator, catalogue).ok());
}

}  // namespace
}  // namespace kpiwatch
