#include "rules/formats/observation_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace kpiwatch {
namespace {

using ::testing::ElementsAre;

ObservationBatch MustParse(std::string_view body, ParseOptions options = {}) {
  Result<ObservationBatch> batch = ParseObservations(body, options);
  EXPECT_TRUE(batch.ok()) << batch.status().ToString();
  return batch.ok() ? *batch : ObservationBatch{};
}

// The status message, then every detail as text.
std::vector<std::string> Errors(const Status& status) {
  std::vector<std::string> out = {status.message()};
  for (const ErrorDetail& detail : status.details()) out.push_back(detail.ToString());
  return out;
}

std::vector<std::string> ParseErrors(std::string_view body, ParseOptions options = {}) {
  Result<ObservationBatch> batch = ParseObservations(body, options);
  EXPECT_FALSE(batch.ok());
  return Errors(batch.status());
}

TEST(ObservationParserTest, CsvWithOptionalN) {
  ObservationBatch batch = MustParse(
      "indicator,unit,period,value,n\n"
      "wp.uitstroom,noord,2024-01,12.5,40\n"
      "wp.uitstroom,zuid,2024-01,7,\n");
  ASSERT_EQ(batch.rows.size(), 2u);
  EXPECT_EQ(batch.rows[0].indicator, "wp.uitstroom");
  EXPECT_EQ(batch.rows[0].unit, "noord");
  EXPECT_EQ(batch.rows[0].period.ToString(), "2024-01");
  EXPECT_DOUBLE_EQ(batch.rows[0].value, 12.5);
  EXPECT_EQ(batch.rows[0].n, 40.0);
  EXPECT_FALSE(batch.rows[1].n.has_value());
  EXPECT_THAT(batch.lines, ElementsAre(2, 3));
}

TEST(ObservationParserTest, CsvColumnsByNameSemicolonAndDecimalComma) {
  ParseOptions options;
  options.decimal_comma = true;
  ObservationBatch batch = MustParse("value;period;unit;indicator\n3,5;2024-Q2;oost;wp.x\n", options);
  ASSERT_EQ(batch.rows.size(), 1u);
  EXPECT_DOUBLE_EQ(batch.rows[0].value, 3.5);
  EXPECT_EQ(batch.rows[0].period.ToString(), "2024-Q2");
  EXPECT_EQ(batch.rows[0].indicator, "wp.x");
}

TEST(ObservationParserTest, CsvReportsEveryBadRowAtOnce) {
  EXPECT_THAT(ParseErrors("indicator,unit,period,value,n\n"
                          "a,u,2024-01,1,\n"
                          "a,u,2024-13,x,\n"
                          "a,,2024-02,nan,-1\n"
                          "a,u,2024-03\n"),
              ElementsAre("3 of 4 rows rejected",
                          "<body>:3:5: period: invalid period '2024-13': month must be 01..12 "
                          "(expected 2024, 2024-Q1, 2024-03, 2024-W12 or 2024-03-31)",
                          "<body>:3:13: value: 'x' is not a number",
                          "<body>:4:3: unit: missing",
                          "<body>:4:12: value: 'nan' is not a finite number",
                          "<body>:4:16: n: must not be negative (got -1)",
                          "<body>:5:12: expected 5 fields as in the header, found 3"));
}

TEST(ObservationParserTest, CsvHeaderErrors) {
  EXPECT_THAT(ParseErrors("indicator,unit,perod,value,extra\na,u,2024,1,2\n"),
              ElementsAre("bad CSV header: expected indicator,unit,period,value[,n]",
                          "<body>:1: perod: unknown field (did you mean 'period'?)",
                          "<body>:1: extra: unknown field (expected indicator, unit, period, "
                          "value, n)",
                          "<body>:1: period: missing column"));
}

TEST(ObservationParserTest, JsonArrayWithLinesOfEachElement) {
  ObservationBatch batch = MustParse(
      "[\n"
      "  {\"indicator\": \"wp.x\", \"unit\": \"noord\", \"period\": \"2024\", \"value\": 3},\n"
      "  {\"indicator\": \"wp.x\", \"unit\": \"zuid\", \"period\": \"2024\",\n"
      "   \"value\": 4.5, \"n\": 10}\n"
      "]\n");
  ASSERT_EQ(batch.rows.size(), 2u);
  EXPECT_DOUBLE_EQ(batch.rows[1].value, 4.5);
  EXPECT_EQ(batch.rows[1].n, 10.0);
  EXPECT_THAT(batch.lines, ElementsAre(2, 3));
}

TEST(ObservationParserTest, JsonRowErrors) {
  EXPECT_THAT(
      ParseErrors("[{\"indicator\": \"a\", \"unit\": \"u\", \"period\": \"2024\", \"value\": \"3\"},\n"
                  " {\"indicator\": \"a\", \"unit\": \"u\", \"period\": \"2024\", \"valeu\": 3},\n"
                  " {\"indicator\": \"a\", \"unit\": \"u\", \"period\": \"2024\", \"value\": 1},\n"
                  " 7]"),
      ElementsAre("3 of 4 rows rejected", "<body>:1: value: must be a number, not a string",
                  "<body>:2: valeu: unknown field (did you mean 'value'?)",
                  "<body>:2: value: missing",
                  "<body>:4: expected an object with indicator, unit, period, value"));
}

TEST(ObservationParserTest, JsonSyntaxErrorHasPosition) {
  Result<ObservationBatch> batch = ParseObservations("[\n {\"indicator\": }\n]", {});
  ASSERT_FALSE(batch.ok());
  ASSERT_EQ(batch.status().details().size(), 1u);
  EXPECT_EQ(batch.status().details()[0].line, 2);
  EXPECT_EQ(batch.status().details()[0].column, 16);
}

TEST(ObservationParserTest, Ndjson) {
  ParseOptions options;
  options.file_name = "drop.ndjson";
  ObservationBatch batch = MustParse(
      "{\"indicator\": \"a\", \"unit\": \"u\", \"period\": \"2024-W12\", \"value\": 1}\n"
      "\n"
      "{\"indicator\": \"a\", \"unit\": \"u\", \"period\": \"2024-W13\", \"value\": 2, \"n\": null}\n",
      options);
  ASSERT_EQ(batch.rows.size(), 2u);
  EXPECT_THAT(batch.lines, ElementsAre(1, 3));
  EXPECT_THAT(ParseErrors("{\"indicator\": \"a\", \"unit\": \"u\", \"period\": \"2024\", \"value\": 1}\n"
                          "{\"indicator\": \n"
                          "{\"indicator\": \"a\", \"unit\": \"u\", \"period\": \"2024\"}\n",
                          options),
              ElementsAre("2 of 3 rows rejected",
                          "drop.ndjson:2:15: invalid JSON: incomplete JSON",
                          "drop.ndjson:3: value: missing"));
}

TEST(ObservationParserTest, ExplicitFormatOverridesDetection) {
  ParseOptions options;
  options.format = ObservationFormat::kCsv;
  EXPECT_FALSE(ParseObservations("[]", options).ok());  // "[]" is not a CSV header
  EXPECT_TRUE(MustParse("[]").rows.empty());
}

TEST(ObservationParserTest, ContentTypes) {
  EXPECT_EQ(FormatFromContentType("application/json"), ObservationFormat::kJson);
  EXPECT_EQ(FormatFromContentType("Application/JSON; charset=utf-8"), ObservationFormat::kJson);
  EXPECT_EQ(FormatFromContentType("application/x-ndjson"), ObservationFormat::kNdjson);
  EXPECT_EQ(FormatFromContentType("text/csv;charset=utf-8"), ObservationFormat::kCsv);
  EXPECT_EQ(FormatFromContentType("text/plain"), ObservationFormat::kAuto);
  EXPECT_EQ(FormatFromContentType(""), ObservationFormat::kAuto);
}

Catalogue SmallCatalogue() {
  Indicator monthly;
  monthly.id = "wp.uitstroom";
  monthly.cadence = Cadence::kMonth;
  Indicator yearly;
  yearly.id = "wp.tevredenheid";
  yearly.cadence = Cadence::kYear;
  return Catalogue({monthly, yearly});
}

TEST(ObservationValidationTest, AcceptsDeclaredRowsAndIdenticalDuplicates) {
  ObservationBatch batch = MustParse(
      "indicator,unit,period,value\n"
      "wp.uitstroom,noord,2024-01,1\n"
      "wp.uitstroom,noord,2024-01,1\n"
      "wp.tevredenheid,noord,2024,7.1\n");
  EXPECT_TRUE(ValidateAgainstCatalogue(batch, SmallCatalogue(), "<body>").ok());
}

TEST(ObservationValidationTest, ReportsEveryProblem) {
  ObservationBatch batch = MustParse(
      "indicator,unit,period,value\n"
      "wp.uitstrom,noord,2024-01,1\n"
      "wp.uitstroom,noord,2024,1\n"
      "wp.uitstroom,noord,2024-02,1\n"
      "wp.uitstroom,noord,2024-02,2\n"
      "wp.uitstroom,\"bad\tunit\",2024-03,2\n");
  batch.rows.push_back(batch.rows[2]);
  batch.rows.back().unit = std::string(129, 'u');
  batch.lines.push_back(9);
  EXPECT_THAT(
      Errors(ValidateAgainstCatalogue(batch, SmallCatalogue(), "<body>")),
      ElementsAre("5 of 6 rows rejected",
                  "<body>:2: indicator: indicator 'wp.uitstrom' is not declared; did you mean "
                  "'wp.uitstroom'?",
                  "<body>:3: period: period '2024' is a year but indicator 'wp.uitstroom' has "
                  "cadence month",
                  "<body>:5: value: another value for the same indicator, unit and period as line 4",
                  "<body>:6: unit: must not contain control characters",
                  "<body>:9: unit: must be at most 128 characters"));
}

}  // namespace
}  // namespace kpiwatch
