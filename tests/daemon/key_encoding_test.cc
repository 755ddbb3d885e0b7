// Key layouts: byte order must equal (indicator, unit, period) order.
#include "daemon/store/key_encoding.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace kpiwatch::store {
namespace {

TEST(KeyEncodingTest, OrderedInt64KeepsSignedOrder) {
  std::vector<std::int64_t> values = {INT64_MIN, -100000, -1, 0, 1, 24287, INT64_MAX};
  for (std::size_t i = 1; i < values.size(); ++i) {
    std::string a, b;
    AppendOrderedInt64(a, values[i - 1]);
    AppendOrderedInt64(b, values[i]);
    EXPECT_LT(a, b) << values[i - 1] << " vs " << values[i];
    EXPECT_EQ(ReadOrderedInt64(b), values[i]);
  }
}

TEST(KeyEncodingTest, PointKeysSortByIndicatorUnitThenPeriod) {
  std::mt19937_64 rng(7);
  struct Row {
    std::string indicator, unit;
    Period period;
  };
  std::vector<Row> rows;
  const std::vector<std::string> indicators = {"a", "a.b", "ab", "werkplein.uitstroom"};
  const std::vector<std::string> units = {"", "x", "xy", "zwolle"};
  for (int i = 0; i < 500; ++i) {
    rows.push_back({indicators[rng() % indicators.size()], units[rng() % units.size()],
                    Period::FromOrdinal(Cadence::kMonth, static_cast<std::int64_t>(rng() % 40000) - 20000)});
  }
  auto by_fields = rows;
  std::sort(by_fields.begin(), by_fields.end(), [](const Row& x, const Row& y) {
    return std::tie(x.indicator, x.unit, x.period) < std::tie(y.indicator, y.unit, y.period);
  });
  auto by_key = rows;
  std::sort(by_key.begin(), by_key.end(), [](const Row& x, const Row& y) {
    return PointKey(x.indicator, x.unit, x.period) < PointKey(y.indicator, y.unit, y.period);
  });
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(PointKey(by_fields[i].indicator, by_fields[i].unit, by_fields[i].period),
              PointKey(by_key[i].indicator, by_key[i].unit, by_key[i].period));
  }
}

TEST(KeyEncodingTest, SeriesIsOneContiguousRange) {
  Period period = *Period::Parse("2024-03");
  std::string prefix = SeriesPrefix("a", "x");
  EXPECT_TRUE(PointKey("a", "x", period).starts_with(prefix));
  EXPECT_FALSE(PointKey("a", "xy", period).starts_with(prefix));
  EXPECT_FALSE(PointKey("a.b", "x", period).starts_with(IndicatorPrefix("a")));
  EXPECT_LT(PointKey("a", "x", period), PrefixEnd(prefix));
  EXPECT_GT(PointKey("a", "xy", period), PrefixEnd(prefix));
}

TEST(KeyEncodingTest, DecodesWhatItEncodes) {
  Period period = *Period::Parse("2019-W05");
  auto decoded = DecodePointKey(RevisionKey("werkplein.uitstroom", "zwolle", period, 42));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->indicator, "werkplein.uitstroom");
  EXPECT_EQ(decoded->unit, "zwolle");
  EXPECT_EQ(decoded->period, period);
  EXPECT_FALSE(DecodePointKey("no separators").has_value());
  EXPECT_FALSE(DecodePointKey(std::string("a\0b\0", 4)).has_value());
}

TEST(KeyEncodingTest, PrefixEndCarriesOverFFBytes) {
  EXPECT_EQ(PrefixEnd("ab"), "ac");
  EXPECT_EQ(PrefixEnd(std::string("a\xff", 2)), "b");
  EXPECT_EQ(PrefixEnd(std::string("\xff\xff", 2)), "");
}

}  // namespace
}  // namespace kpiwatch::store
