#include "rules/formats/timestamp.h"

#include <cstdio>

namespace kpiwatch {

std::string FormatTimestamp(std::chrono::sys_seconds time) {
  auto day = std::chrono::floor<std::chrono::days>(time);
  std::chrono::year_month_day date{day};
  std::chrono::hh_mm_ss clock{time - day};
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()));
  return buffer;
}

Result<std::chrono::sys_seconds> ParseTimestamp(std::string_view text) {
  int year = 0;
  unsigned month = 0, day = 0, hours = 0, minutes = 0, seconds = 0;
  std::string copy(text);
  char end = 0;
  if (std::sscanf(copy.c_str(), "%4d-%2u-%2uT%2u:%2u:%2uZ%c", &year, &month, &day, &hours, &minutes,
                  &seconds, &end) != 6 ||
      copy.size() != 20) {
    return Status::InvalidArgument("expected a UTC time YYYY-MM-DDTHH:MM:SSZ, got '" + copy + "'");
  }
  std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(month), std::chrono::day(day)};
  if (!date.ok() || hours > 23 || minutes > 59 || seconds > 60) {
    return Status::InvalidArgument("no such time '" + copy + "'");
  }
  return std::chrono::sys_seconds(std::chrono::sys_days(date)) + std::chrono::hours(hours) +
         std::chrono::minutes(minutes) + std::chrono::seconds(seconds);
}

}  // namespace kpiwatch
