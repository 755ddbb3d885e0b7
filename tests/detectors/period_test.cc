// Period parsing, formatting, ordinals and calendar positions.
#include "detectors/core/period.h"

#include <gtest/gtest.h>

namespace kpiwatch {
namespace {

TEST(PeriodTest, ParsesEveryFormAndFormatsItBack) {
  for (const char* text : {"2024", "2024-Q1", "2024-Q4", "2024-03", "2024-12", "2024-W01",
                           "2024-W12", "2020-W53", "2024-03-31", "2024-02-29"}) {
    Result<Period> period = Period::Parse(text);
    ASSERT_TRUE(period.ok()) << text << ": " << period.status().ToString();
    EXPECT_EQ(period->ToString(), text);
  }
}

TEST(PeriodTest, InfersCadenceFromTheForm) {
  EXPECT_EQ(Period::Parse("2024")->cadence(), Cadence::kYear);
  EXPECT_EQ(Period::Parse("2024-Q2")->cadence(), Cadence::kQuarter);
  EXPECT_EQ(Period::Parse("2024-06")->cadence(), Cadence::kMonth);
  EXPECT_EQ(Period::Parse("2024-W06")->cadence(), Cadence::kWeek);
  EXPECT_EQ(Period::Parse("2024-06-01")->cadence(), Cadence::kDay);
}

TEST(PeriodTest, RejectsInvalidPeriodsWithAReason) {
  EXPECT_NE(Period::Parse("2024-13").status().message().find("month must be 01..12"),
            std::string::npos);
  EXPECT_NE(Period::Parse("2023-02-29").status().message().find("no such day"), std::string::npos);
  EXPECT_NE(Period::Parse("2024-W53").status().message().find("01..52"), std::string::npos);
  EXPECT_NE(Period::Parse("2024-Q5").status().message().find("Q1..Q4"), std::string::npos);
  for (const char* text : {"", "24", "2024-", "2024/03", "abcd", "1800", "2024-3", "2024-03-1x"}) {
    EXPECT_FALSE(Period::Parse(text).ok()) << text;
  }
}

TEST(PeriodTest, ChecksTheIndicatorsCadence) {
  EXPECT_TRUE(Period::Parse("2024-03", Cadence::kMonth).ok());
  Status status = Period::Parse("2024-Q1", Cadence::kMonth).status();
  EXPECT_EQ(status.message(), "period '2024-Q1' is a quarter but the indicator's cadence is month");
}

TEST(PeriodTest, OrdinalsAreConsecutiveAcrossYearBoundaries) {
  EXPECT_EQ(Period::Parse("2024-12")->Next().ToString(), "2025-01");
  EXPECT_EQ(Period::Parse("2024-Q4")->Next().ToString(), "2025-Q1");
  EXPECT_EQ(Period::Parse("2020-W53")->Next().ToString(), "2021-W01");
  EXPECT_EQ(Period::Parse("2024-12-31")->Next().ToString(), "2025-01-01");
  EXPECT_EQ(Period::Parse("2025-03")->ordinal() - Period::Parse("2024-03")->ordinal(), 12);
  EXPECT_LT(*Period::Parse("2024-01"), *Period::Parse("2024-02"));
}

TEST(PeriodTest, KnowsItsPlaceInTheYear) {
  EXPECT_EQ(Period::Parse("2024-12")->position_in_year(), 12);
  EXPECT_TRUE(Period::Parse("2024-12")->is_last_of_year());
  EXPECT_FALSE(Period::Parse("2024-11")->is_last_of_year());
  EXPECT_TRUE(Period::Parse("2024-Q4")->is_last_of_year());
  EXPECT_EQ(Period::Parse("2024-03-01")->position_in_year(), 61);
  // 2019-12-30 lies in ISO week 1 of 2020.
  Period week = Period::Containing(Cadence::kWeek, std::chrono::sys_days{std::chrono::year{2019} / 12 / 30});
  EXPECT_EQ(week.ToString(), "2020-W01");
  EXPECT_EQ(week.year(), 2020);
}

TEST(PeriodTest, FirstAndLastDays) {
  Period february = *Period::Parse("2024-02");
  EXPECT_EQ(std::chrono::year_month_day{february.last_day()},
            std::chrono::year{2024} / 2 / 29);
  Period quarter = *Period::Parse("2024-Q3");
  EXPECT_EQ(std::chrono::year_month_day{quarter.first_day()}, std::chrono::year{2024} / 7 / 1);
  Period week = *Period::Parse("2024-W01");
  EXPECT_EQ(std::chrono::year_month_day{week.first_day()}, std::chrono::year{2024} / 1 / 1);
}

}  // namespace
}  // namespace kpiwatch
