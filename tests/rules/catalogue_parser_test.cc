#include "rules/formats/catalogue_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace kpiwatch {
namespace {

using ::testing::ElementsAre;

constexpr std::string_view kGoodCatalogue = R"(indicators:
  - id: werkplein.uitstroom_werk
    name: Uitstroom naar werk
    definition: Clients leaving benefits for paid work, per month.
    unit: count
    direction: higher_is_better
    cadence: month
    target: {value: 40, comparator: ">=", valid_from: 2024-01}
    owner_team: werkplein
    layer: impact
    counter_indicators: [werkplein.behoud_6m]
    source: Suite4Werk
    definition_version: 2
    definition_changes: [2023-07]
    labels: [participatie, wethouder]
    owner_group: controllers-werk
  - id: werkplein.behoud_6m
    name: Behoud na 6 maanden
    definition: Share of placed clients still at work 6 months later.
    unit: percent
    cadence: month
    target:
      value: 60
  - id: schulden.zvw_wanbetalers
    name: Zvw-wanbetalers
    definition: Households with health insurance arrears.
    unit: count
    direction: lower_is_better
    cadence: quarter
    proxy_for: schulden.problematisch
  - id: schulden.problematisch
    name: Problematische schulden
    definition: Households with problematic debt (survey).
    cadence: year
)";

std::vector<std::string> Errors(std::string_view yaml) {
  Result<Catalogue> catalogue = ParseCatalogueYaml(yaml, "cat.yaml");
  EXPECT_FALSE(catalogue.ok());
  Status status = catalogue.status();
  std::vector<std::string> out = {status.message()};
  for (const ErrorDetail& detail : status.details()) out.push_back(detail.ToString());
  return out;
}

TEST(CatalogueParserTest, ParsesEveryField) {
  Result<Catalogue> catalogue = ParseCatalogueYaml(kGoodCatalogue, "cat.yaml");
  ASSERT_TRUE(catalogue.ok()) << catalogue.status().ToString();
  EXPECT_EQ(catalogue->size(), 4u);
  const Indicator* outflow = catalogue->Find("werkplein.uitstroom_werk");
  ASSERT_NE(outflow, nullptr);
  EXPECT_EQ(outflow->name, "Uitstroom naar werk");
  EXPECT_EQ(outflow->unit, UnitKind::kCount);
  EXPECT_EQ(outflow->cadence, Cadence::kMonth);
  ASSERT_TRUE(outflow->target.has_value());
  EXPECT_DOUBLE_EQ(outflow->target->value, 40.0);
  EXPECT_EQ(outflow->target->comparator, Comparator::kAtLeast);
  EXPECT_EQ(outflow->target->valid_from->ToString(), "2024-01");
  EXPECT_EQ(outflow->layer, Layer::kImpact);
  EXPECT_THAT(outflow->counter_indicators, ElementsAre("werkplein.behoud_6m"));
  EXPECT_EQ(outflow->source, "Suite4Werk");
  EXPECT_EQ(outflow->definition_version, 2);
  ASSERT_EQ(outflow->definition_changes.size(), 1u);
  EXPECT_EQ(outflow->definition_changes[0].ToString(), "2023-07");
  EXPECT_THAT(outflow->labels, ElementsAre("participatie", "wethouder"));
  EXPECT_EQ(outflow->owner_group, "controllers-werk");
  const Indicator* debt = catalogue->Find("schulden.zvw_wanbetalers");
  EXPECT_EQ(debt->direction, Direction::kLowerIsBetter);
  EXPECT_EQ(debt->proxy_for, "schulden.problematisch");
  EXPECT_FALSE(debt->layer.has_value());
}

TEST(CatalogueParserTest, TargetComparatorDefaultsFromDirection) {
  Result<Catalogue> catalogue = ParseCatalogueYaml(R"(indicators:
  - {id: a, name: A, definition: d, direction: lower_is_better, target: {value: 10}}
  - {id: b, name: B, definition: d, target: {value: 7, comparator: at_most}}
)", "cat.yaml");
  ASSERT_TRUE(catalogue.ok()) << catalogue.status().ToString();
  EXPECT_EQ(catalogue->Find("a")->target->comparator, Comparator::kAtMost);
  EXPECT_EQ(catalogue->Find("b")->target->comparator, Comparator::kAtMost);
}

TEST(CatalogueParserTest, ReportsEveryErrorWithPositionAndField) {
  EXPECT_THAT(Errors(R"(indicators:
  - id: a.one
    nam: A
    definition: d
    unit: euro
    cadence: month
    target: {value: high, valid_from: 2024}
    definition_version: 3
    definition_changes: [2023-01]
    labels: participatie
  - id: a.one
    name: again
    definition: d
    counter_indicators: [a.two, a.one]
    proxy_for: a.onee
  - id: 2bad
    definition: d
)"),
              ElementsAre(
                  "invalid catalogue: 13 errors",
                  "cat.yaml:2:5: name: missing required field",
                  "cat.yaml:3:5: nam: unknown field (did you mean 'name'?)",
                  "cat.yaml:5:11: unit: unknown unit 'euro' (allowed: count, percent, ratio, "
                  "score, amount, duration)",
                  "cat.yaml:7:21: target.value: 'high' is not a number",
                  "cat.yaml:7:39: target.valid_from: period '2024' is a year but the "
                  "indicator's cadence is month",
                  "cat.yaml:9:25: definition_changes: definition_version 3 needs 2 "
                  "definition_changes (the first period of each later version), found 1",
                  "cat.yaml:10:13: labels: must be a list",
                  "cat.yaml:11:9: id: duplicate id 'a.one' (first declared on line 2)",
                  "cat.yaml:14:26: counter_indicators[0]: refers to indicator 'a.two', which is "
                  "not declared",
                  "cat.yaml:14:33: counter_indicators[1]: an indicator cannot refer to itself",
                  "cat.yaml:15:16: proxy_for: refers to indicator 'a.onee', which is not "
                  "declared; did you mean 'a.one'?",
                  "cat.yaml:16:5: name: missing required field",
                  "cat.yaml:16:9: id: id must start with a lower-case letter"));
}

TEST(CatalogueParserTest, YamlSyntaxErrorBecomesPositionedError) {
  EXPECT_THAT(Errors("indicators:\n  - id: a\n    name: [unclosed\n"),
              ElementsAre("invalid catalogue: 1 error",
                          "cat.yaml:4:1: end of sequence flow not found"));
}

TEST(CatalogueParserTest, TopLevelShape) {
  EXPECT_THAT(Errors("indicator:\n  - id: a\n"),
              ElementsAre("invalid catalogue: 2 errors",
                          "cat.yaml:1:1: indicator: unknown top-level key (expected 'indicators')",
                          "cat.yaml:1:1: indicators: missing required key"));
  EXPECT_THAT(Errors("indicators: 3\n"),
              ElementsAre("invalid catalogue: 1 error",
                          "cat.yaml:1:13: indicators: must be a list of indicators"));
  EXPECT_THAT(Errors("- a\n"),
              ElementsAre("invalid catalogue: 1 error",
                          "cat.yaml:1:1: expected a map with the key 'indicators:'"));
}

TEST(CatalogueParserTest, EmptyListIsAnEmptyCatalogue) {
  Result<Catalogue> catalogue = ParseCatalogueYaml("indicators: []\n", "cat.yaml");
  ASSERT_TRUE(catalogue.ok());
  EXPECT_EQ(catalogue->size(), 0u);
}

TEST(RenderErrorsWithSourceTest, LineAndCaretUnderTheColumn) {
  std::string source = "indicators:\n  - id: a\n    name: A\n    definition: d\n    unit: euro\n";
  Result<Catalogue> catalogue = ParseCatalogueYaml(source, "cat.yaml");
  ASSERT_FALSE(catalogue.ok());
  EXPECT_EQ(RenderErrorsWithSource(catalogue.status(), source),
            "invalid catalogue: 1 error\n"
            "cat.yaml:5:11: unit: unknown unit 'euro' (allowed: count, percent, ratio, score, "
            "amount, duration)\n"
            "    unit: euro\n"
            "          ^\n");
}

TEST(RenderErrorsWithSourceTest, TabsAndUnknownPositions) {
  Status status = Status::InvalidArgument(
      "2 of 2 rows rejected",
      {{"f.csv", 2, 4, "value", "bad"}, {"f.csv", 0, 0, "", "no position"}});
  EXPECT_EQ(RenderErrorsWithSource(status, "h\r\n\tab,x\r\n"),
            "2 of 2 rows rejected\n"
            "f.csv:2:4: value: bad\n"
            "\tab,x\n"
            "\t  ^\n"
            "f.csv: no position\n");
}

}  // namespace
}  // namespace kpiwatch
