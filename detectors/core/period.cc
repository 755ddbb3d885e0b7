#include "detectors/core/period.h"

#include <array>
#include <charconv>
#include <cstdio>

namespace kpiwatch {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2200;
// 1969-12-29 is a Monday: ISO weeks are counted from it.
constexpr std::int64_t kMondayBeforeEpoch = -3;

std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// Parses exactly `width` digits at text[pos...]; -1 when not digits.
int Digits(std::string_view text, std::size_t pos, std::size_t width) {
  if (pos + width > text.size()) return -1;
  int value = 0;
  auto [end, error] = std::from_chars(text.data() + pos, text.data() + pos + width, value);
  if (error != std::errc() || end != text.data() + pos + width) return -1;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
  }
  return value;
}

std::int64_t DayNumber(sys_days day) { return day.time_since_epoch().count(); }

// Monday of ISO week 1 of the given ISO year: the Monday of the week holding 4 January.
sys_days IsoWeekOneMonday(int iso_year) {
  sys_days jan4 = std::chrono::year{iso_year} / 1 / 4;
  std::int64_t week = FloorDiv(DayNumber(jan4) - kMondayBeforeEpoch, 7);
  return sys_days{days{kMondayBeforeEpoch + 7 * week}};
}

int IsoWeeksInYear(int iso_year) {
  return static_cast<int>((IsoWeekOneMonday(iso_year + 1) - IsoWeekOneMonday(iso_year)).count() / 7);
}

Status BadPeriod(std::string_view text, const std::string& why) {
  return Status::InvalidArgument("invalid period '" + std::string(text) + "': " + why +
                                 " (expected 2024, 2024-Q1, 2024-03, 2024-W12 or 2024-03-31)");
}

}  // namespace

const char* CadenceName(Cadence cadence) {
  switch (cadence) {
    case Cadence::kDay: return "day";
    case Cadence::kWeek: return "week";
    case Cadence::kMonth: return "month";
    case Cadence::kQuarter: return "quarter";
    case Cadence::kYear: return "year";
  }
  return "unknown";
}

Result<Cadence> ParseCadence(std::string_view text) {
  for (Cadence cadence : {Cadence::kDay, Cadence::kWeek, Cadence::kMonth, Cadence::kQuarter,
                          Cadence::kYear}) {
    if (text == CadenceName(cadence)) return cadence;
  }
  return Status::InvalidArgument("unknown cadence '" + std::string(text) +
                                 "' (allowed: day, week, month, quarter, year)");
}

int PeriodsPerYear(Cadence cadence) {
  switch (cadence) {
    case Cadence::kDay: return 365;
    case Cadence::kWeek: return 52;
    case Cadence::kMonth: return 12;
    case Cadence::kQuarter: return 4;
    case Cadence::kYear: return 1;
  }
  return 1;
}

Result<Period> Period::Parse(std::string_view text) {
  int year = Digits(text, 0, 4);
  if (year < 0) return BadPeriod(text, "it must start with a four-digit year");
  if (year < kMinYear || year > kMaxYear) {
    return BadPeriod(text, "year out of range " + std::to_string(kMinYear) + ".." +
                               std::to_string(kMaxYear));
  }
  if (text.size() == 4) return Period(Cadence::kYear, year);
  if (text[4] != '-') return BadPeriod(text, "expected '-' after the year");
  if (text.size() == 7 && text[5] == 'Q') {
    int quarter = Digits(text, 6, 1);
    if (quarter < 1 || quarter > 4) return BadPeriod(text, "quarter must be Q1..Q4");
    return Period(Cadence::kQuarter, std::int64_t{year} * 4 + quarter - 1);
  }
  if (text.size() == 8 && text[5] == 'W') {
    int week = Digits(text, 6, 2);
    if (week < 1 || week > IsoWeeksInYear(year)) {
      return BadPeriod(text, "ISO week must be 01.." + std::to_string(IsoWeeksInYear(year)) +
                                 " in " + std::to_string(year));
    }
    std::int64_t monday = DayNumber(IsoWeekOneMonday(year)) + 7 * (week - 1);
    return Period(Cadence::kWeek, FloorDiv(monday - kMondayBeforeEpoch, 7));
  }
  int month = Digits(text, 5, 2);
  if (text.size() == 7) {
    if (month < 1 || month > 12) return BadPeriod(text, "month must be 01..12");
    return Period(Cadence::kMonth, std::int64_t{year} * 12 + month - 1);
  }
  if (text.size() == 10 && text[7] == '-') {
    int day = Digits(text, 8, 2);
    if (month < 1 || month > 12) return BadPeriod(text, "month must be 01..12");
    auto date = std::chrono::year{year} / std::chrono::month{static_cast<unsigned>(month)} /
                std::chrono::day{static_cast<unsigned>(day < 0 ? 0 : day)};
    if (day < 1 || !date.ok()) return BadPeriod(text, "no such day");
    return Period(Cadence::kDay, DayNumber(sys_days{date}));
  }
  return BadPeriod(text, "unrecognised form");
}

Result<Period> Period::Parse(std::string_view text, Cadence expected) {
  Result<Period> period = Parse(text);
  if (!period.ok()) return period;
  if (period->cadence() != expected) {
    return Status::InvalidArgument("period '" + std::string(text) + "' is a " +
                                   CadenceName(period->cadence()) + " but the indicator's cadence is " +
                                   CadenceName(expected));
  }
  return period;
}

Period Period::Containing(Cadence cadence, sys_days day) {
  std::chrono::year_month_day date{day};
  int year = static_cast<int>(date.year());
  int month = static_cast<int>(static_cast<unsigned>(date.month()));
  switch (cadence) {
    case Cadence::kDay: return Period(cadence, DayNumber(day));
    case Cadence::kWeek: return Period(cadence, FloorDiv(DayNumber(day) - kMondayBeforeEpoch, 7));
    case Cadence::kMonth: return Period(cadence, std::int64_t{year} * 12 + month - 1);
    case Cadence::kQuarter: return Period(cadence, std::int64_t{year} * 4 + (month - 1) / 3);
    case Cadence::kYear: return Period(cadence, year);
  }
  return Period(cadence, 0);
}

sys_days Period::first_day() const {
  using std::chrono::month;
  using std::chrono::year;
  switch (cadence_) {
    case Cadence::kDay: return sys_days{days{ordinal_}};
    case Cadence::kWeek: return sys_days{days{kMondayBeforeEpoch + 7 * ordinal_}};
    case Cadence::kMonth:
      return sys_days{year{static_cast<int>(FloorDiv(ordinal_, 12))} /
                      month{static_cast<unsigned>(ordinal_ - 12 * FloorDiv(ordinal_, 12) + 1)} / 1};
    case Cadence::kQuarter:
      return sys_days{year{static_cast<int>(FloorDiv(ordinal_, 4))} /
                      month{static_cast<unsigned>(3 * (ordinal_ - 4 * FloorDiv(ordinal_, 4)) + 1)} / 1};
    case Cadence::kYear: return sys_days{year{static_cast<int>(ordinal_)} / 1 / 1};
  }
  return sys_days{};
}

sys_days Period::last_day() const { return Next().first_day() - days{1}; }

int Period::year() const {
  switch (cadence_) {
    case Cadence::kYear: return static_cast<int>(ordinal_);
    case Cadence::kQuarter: return static_cast<int>(FloorDiv(ordinal_, 4));
    case Cadence::kMonth: return static_cast<int>(FloorDiv(ordinal_, 12));
    case Cadence::kWeek: {
      // The ISO year is the calendar year of the week's Thursday.
      sys_days thursday = first_day() + days{3};
      return static_cast<int>(std::chrono::year_month_day{thursday}.year());
    }
    case Cadence::kDay: return static_cast<int>(std::chrono::year_month_day{first_day()}.year());
  }
  return 0;
}

int Period::position_in_year() const {
  switch (cadence_) {
    case Cadence::kYear: return 1;
    case Cadence::kQuarter: return static_cast<int>(ordinal_ - 4 * FloorDiv(ordinal_, 4)) + 1;
    case Cadence::kMonth: return static_cast<int>(ordinal_ - 12 * FloorDiv(ordinal_, 12)) + 1;
    case Cadence::kWeek:
      return static_cast<int>((first_day() - IsoWeekOneMonday(year())).count() / 7) + 1;
    case Cadence::kDay: {
      sys_days jan1 = std::chrono::year{year()} / 1 / 1;
      return static_cast<int>((first_day() - jan1).count()) + 1;
    }
  }
  return 1;
}

bool Period::is_last_of_year() const { return Next().year() != year(); }

std::string Period::ToString() const {
  std::array<char, 16> buffer{};
  switch (cadence_) {
    case Cadence::kYear: std::snprintf(buffer.data(), buffer.size(), "%04d", year()); break;
    case Cadence::kQuarter:
      std::snprintf(buffer.data(), buffer.size(), "%04d-Q%d", year(), position_in_year());
      break;
    case Cadence::kMonth:
      std::snprintf(buffer.data(), buffer.size(), "%04d-%02d", year(), position_in_year());
      break;
    case Cadence::kWeek:
      std::snprintf(buffer.data(), buffer.size(), "%04d-W%02d", year(), position_in_year());
      break;
    case Cadence::kDay: {
      std::chrono::year_month_day date{first_day()};
      std::snprintf(buffer.data(), buffer.size(), "%04d-%02u-%02u", static_cast<int>(date.year()),
                    static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
      break;
    }
  }
  return buffer.data();
}

}  // namespace kpiwatch
