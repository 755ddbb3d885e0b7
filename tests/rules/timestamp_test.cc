// UTC timestamp text: format and parse are inverses; bad text is refused with the form.
#include "rules/formats/timestamp.h"

#include <gtest/gtest.h>

namespace kpiwatch {
namespace {

TEST(TimestampTest, FormatsAndParsesUtcSeconds) {
  std::chrono::sys_seconds time{std::chrono::seconds(1732383000)};
  EXPECT_EQ(FormatTimestamp(time), "2024-11-23T17:30:00Z");
  Result<std::chrono::sys_seconds> parsed = ParseTimestamp("2024-11-23T17:30:00Z");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(*parsed, time);
  EXPECT_EQ(FormatTimestamp(std::chrono::sys_seconds{}), "1970-01-01T00:00:00Z");
}

TEST(TimestampTest, RefusesOtherForms) {
  for (const char* text : {"2024-11-23", "2024-11-23 17:30:00", "2024-11-23T17:30:00+01:00",
                           "2024-02-30T00:00:00Z", "2024-11-23T25:00:00Z", "2024-11-23T17:30:00Zx"}) {
    EXPECT_FALSE(ParseTimestamp(text).ok()) << text;
  }
  EXPECT_NE(ParseTimestamp("yesterday").status().message().find("YYYY-MM-DDTHH:MM:SSZ"), std::string::npos);
}

}  // namespace
}  // namespace kpiwatch
