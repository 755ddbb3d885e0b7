// Period: one reporting period of an indicator (a day, ISO week, month, quarter or year).
//
// The one period parser of kpiwatch. Text forms: "2024" (year), "2024-Q1" (quarter),
// "2024-03" (month), "2024-W12" (ISO 8601 week), "2024-03-31" (day). Each period has an
// ordinal that counts consecutive periods of its cadence, so the distance between two
// periods of one cadence is a subtraction and a missing period is a gap in ordinals.
#pragma once

#include <chrono>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "detectors/core/status.h"

namespace kpiwatch {

enum class Cadence : std::uint8_t { kDay = 0, kWeek = 1, kMonth = 2, kQuarter = 3, kYear = 4 };

// "day", "week", "month", "quarter", "year".
const char* CadenceName(Cadence cadence);
// Parses a cadence name; error lists the allowed names.
Result<Cadence> ParseCadence(std::string_view text);
// Nominal number of periods in a year: 365, 52, 12, 4, 1 (for seasonal models).
int PeriodsPerYear(Cadence cadence);

class Period {
 public:
  Period() = default;
  // The period with this ordinal; see ordinal() for the numbering.
  static Period FromOrdinal(Cadence cadence, std::int64_t ordinal) { return Period(cadence, ordinal); }
  // Parses one of the five text forms; the error says what was expected.
  // Years outside 1900..2200, month 13, week 54, 2023-02-29 are errors.
  static Result<Period> Parse(std::string_view text);
  // Parses and checks that the period has the given cadence.
  static Result<Period> Parse(std::string_view text, Cadence expected);
  // The period of the given cadence that contains the calendar day.
  static Period Containing(Cadence cadence, std::chrono::sys_days day);

  Cadence cadence() const { return cadence_; }
  // year: the year; quarter: year*4 + q-1; month: year*12 + m-1;
  // week: weeks since the Monday 1969-12-29; day: days since 1970-01-01.
  std::int64_t ordinal() const { return ordinal_; }

  // The canonical text form (as accepted by Parse).
  std::string ToString() const;
  // The period `steps` periods later (earlier when negative).
  Period Next(std::int64_t steps = 1) const { return Period(cadence_, ordinal_ + steps); }
  // Calendar year (ISO week-numbering year for weeks).
  int year() const;
  // 1-based position within the year: month 1..12, quarter 1..4, ISO week 1..53,
  // day of year 1..366, and 1 for a year.
  int position_in_year() const;
  // Whether this is the last period of its (ISO) year: December, Q4, last ISO week, 31 Dec.
  bool is_last_of_year() const;
  std::chrono::sys_days first_day() const;
  std::chrono::sys_days last_day() const;

  // Periods compare by cadence, then ordinal (so one series sorts in time order).
  auto operator<=>(const Period&) const = default;

 private:
  Period(Cadence cadence, std::int64_t ordinal) : cadence_(cadence), ordinal_(ordinal) {}
  Cadence cadence_ = Cadence::kMonth;
  std::int64_t ordinal_ = 0;
};

}  // namespace kpiwatch
