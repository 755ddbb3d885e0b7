#include "rules/formats/csv_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace kpiwatch {
namespace {

using ::testing::ElementsAre;

CsvTable MustRead(std::string_view text, CsvOptions options = {}) {
  Result<CsvTable> table = ReadCsv(text, options, "in.csv");
  EXPECT_TRUE(table.ok()) << table.status().ToString();
  return table.ok() ? *table : CsvTable{};
}

std::vector<std::string> ErrorLines(std::string_view text) {
  Result<CsvTable> table = ReadCsv(text, {}, "in.csv");
  EXPECT_FALSE(table.ok());
  Status status = table.status();  // status() returns a copy: keep it alive
  std::vector<std::string> out;
  for (const ErrorDetail& detail : status.details()) out.push_back(detail.ToString());
  return out;
}

TEST(CsvReaderTest, ReadsHeaderRowsAndStartLines) {
  CsvTable table = MustRead("a,b\n1,2\n3,4\n");
  EXPECT_THAT(table.header, ElementsAre("a", "b"));
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_THAT(table.rows[1], ElementsAre("3", "4"));
  EXPECT_THAT(table.lines, ElementsAre(2, 3));
}

TEST(CsvReaderTest, QuotedFieldsWithEscapedQuotesDelimitersAndNewlines) {
  CsvTable table = MustRead("a,b\n\"x,\"\"y\"\"\",\"two\nlines\"\n3,4\n");
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_THAT(table.rows[0], ElementsAre("x,\"y\"", "two\nlines"));
  // The second row starts after the embedded newline.
  EXPECT_THAT(table.lines, ElementsAre(2, 4));
}

TEST(CsvReaderTest, CrlfBomBlankAndMissingTrailingLines) {
  CsvTable table = MustRead("\xEF\xBB\xBF" "a,b\r\n1,2\r\n\r\n3,4");
  EXPECT_THAT(table.header, ElementsAre("a", "b"));
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_THAT(table.rows[0], ElementsAre("1", "2"));
  EXPECT_THAT(table.rows[1], ElementsAre("3", "4"));
  EXPECT_THAT(table.lines, ElementsAre(2, 4));
}

TEST(CsvReaderTest, EmptyFieldsAreKept) {
  CsvTable table = MustRead("a,b,c\n,,\n\"\",x,\n");
  EXPECT_THAT(table.rows[0], ElementsAre("", "", ""));
  EXPECT_THAT(table.rows[1], ElementsAre("", "x", ""));
}

TEST(CsvReaderTest, DetectsSemicolonDelimiterFromHeader) {
  CsvTable table = MustRead("a;b\n1,5;2,5\n");
  EXPECT_THAT(table.rows[0], ElementsAre("1,5", "2,5"));
}

TEST(CsvReaderTest, ExplicitDelimiterWins) {
  CsvOptions options;
  options.delimiter = ',';
  CsvTable table = MustRead("a;b,c\n1;2,3\n", options);
  EXPECT_THAT(table.header, ElementsAre("a;b", "c"));
}

TEST(CsvReaderTest, HeaderNamesAreTrimmed) {
  CsvTable table = MustRead(" a , b\n1,2\n");
  EXPECT_THAT(table.header, ElementsAre("a", "b"));
}

TEST(CsvReaderTest, ReportsEveryBadRowWithLineAndColumn) {
  EXPECT_THAT(ErrorLines("a,b\n1\n1,2\n1,2,3\n1,2\n"),
              ElementsAre("in.csv:2:2: expected 2 fields as in the header, found 1",
                          "in.csv:4:5: expected 2 fields as in the header, found 3"));
}

TEST(CsvReaderTest, QuoteErrors) {
  EXPECT_THAT(ErrorLines("a,b\nx\"y,1\n\"x\"y,1\n1,2\n"),
              ElementsAre("in.csv:2:2: quote inside an unquoted field (quote the whole field and "
                          "double inner quotes)",
                          "in.csv:3:4: unexpected text after a closing quote"));
}

TEST(CsvReaderTest, UnterminatedQuoteReportsWhereItOpened) {
  EXPECT_THAT(ErrorLines("a,b\n1,2\n3,\"open\n4,5\n"),
              ElementsAre("in.csv:3:3: unterminated quoted field"));
}

TEST(CsvReaderTest, DuplicateHeaderColumn) {
  EXPECT_THAT(ErrorLines("a,b,a\n1,2,3\n"),
              ElementsAre("in.csv:1:5: a: column 'a' appears twice in the header"));
}

TEST(CsvReaderTest, EmptyInputIsAnError) {
  EXPECT_THAT(ErrorLines(""), ElementsAre("in.csv:1: empty input: expected a header line"));
  EXPECT_THAT(ErrorLines("\n\n"), ElementsAre("in.csv:1: empty input: expected a header line"));
}

TEST(CsvReaderTest, LenientReadKeepsGoodRows) {
  std::vector<ErrorDetail> errors;
  CsvTable table = ReadCsvLenient("a,b\n1,2\n3\n5,6\n", {}, "in.csv", errors);
  EXPECT_EQ(errors.size(), 1u);
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_THAT(table.lines, ElementsAre(2, 4));
}

TEST(ParseDecimalTest, AcceptsPlainNumbers) {
  EXPECT_DOUBLE_EQ(*ParseDecimal("12", false), 12.0);
  EXPECT_DOUBLE_EQ(*ParseDecimal(" -3.5 ", false), -3.5);
  EXPECT_DOUBLE_EQ(*ParseDecimal("+1e3", false), 1000.0);
}

TEST(ParseDecimalTest, DecimalComma) {
  EXPECT_DOUBLE_EQ(*ParseDecimal("3,5", true), 3.5);
  EXPECT_EQ(ParseDecimal("3.5", true).status().message(),
            "'3.5' is not a number with a decimal comma (no '.' allowed)");
  EXPECT_EQ(ParseDecimal("3,5", false).status().message(),
            "'3,5' is not a number (use a decimal point, or ask for decimal comma)");
}

TEST(ParseDecimalTest, RejectsNonNumbersAndNonFinite) {
  EXPECT_EQ(ParseDecimal("", false).status().message(), "empty value (expected a number)");
  EXPECT_EQ(ParseDecimal("abc", false).status().message(), "'abc' is not a number");
  EXPECT_EQ(ParseDecimal("12x", false).status().message(), "'12x' is not a number");
  EXPECT_EQ(ParseDecimal("nan", false).status().message(), "'nan' is not a finite number");
  EXPECT_EQ(ParseDecimal("inf", false).status().message(), "'inf' is not a finite number");
  EXPECT_EQ(ParseDecimal("1e999", false).status().message(), "'1e999' is not a finite number");
}

}  // namespace
}  // namespace kpiwatch
