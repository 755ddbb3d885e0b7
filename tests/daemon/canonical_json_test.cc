// Canonical JSON: sorted keys, no whitespace, one text per number, stable escapes.
#include "daemon/audit/canonical_json.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>
#include <cstdint>
#include <limits>

namespace kpiwatch::daemon {
namespace {

TEST(CanonicalJsonTest, SortsKeysAtEveryLevelAndLeavesNoWhitespace) {
  boost::json::value value =
      boost::json::parse(R"({ "b": [ 1, {"z": true, "a": null} ], "a": {"y": "x", "B": false} })");
  EXPECT_EQ(CanonicalJson(value), R"({"a":{"B":false,"y":"x"},"b":[1,{"a":null,"z":true}]})");
}

TEST(CanonicalJsonTest, KeysSortAsUnsignedBytesSoUtf8ComesAfterAscii) {
  boost::json::object object{{"\xc3\xa9t\xc3\xa9", 1}, {"zomer", 2}, {"Zomer", 3}};
  EXPECT_EQ(CanonicalJson(object), "{\"Zomer\":3,\"zomer\":2,\"\xc3\xa9t\xc3\xa9\":1}");
}

TEST(CanonicalJsonTest, EscapesOnlyQuotesBackslashesAndControlCharacters) {
  boost::json::value text =
      boost::json::string(std::string_view("a\"b\\c\n\t\x01/\xe2\x82\xac", 12));
  EXPECT_EQ(CanonicalJson(text), "\"a\\\"b\\\\c\\u000a\\u0009\\u0001/\xe2\x82\xac\"");
}

TEST(CanonicalJsonTest, WholeNumbersHaveOneFormWhateverTheirType) {
  EXPECT_EQ(CanonicalJson(boost::json::value(41.0)), "41");
  EXPECT_EQ(CanonicalJson(boost::json::value(std::int64_t{41})), "41");
  EXPECT_EQ(CanonicalJson(boost::json::value(std::uint64_t{41})), "41");
  EXPECT_EQ(CanonicalJson(boost::json::value(-0.0)), "0");
  EXPECT_EQ(CanonicalJson(boost::json::value(-12.0)), "-12");
  EXPECT_EQ(CanonicalJson(boost::json::value(9007199254740991.0)), "9007199254740991");
  EXPECT_EQ(CanonicalJson(boost::json::value(std::numeric_limits<std::uint64_t>::max())),
            "18446744073709551615");
  EXPECT_EQ(CanonicalJson(boost::json::value(std::numeric_limits<std::int64_t>::min())),
            "-9223372036854775808");
}

TEST(CanonicalJsonTest, OtherDoublesAreTheShortestTextThatReadsBackTheSame) {
  EXPECT_EQ(CanonicalJson(boost::json::value(39.5)), "39.5");
  EXPECT_EQ(CanonicalJson(boost::json::value(0.1 + 0.2)), "0.30000000000000004");
  EXPECT_EQ(CanonicalJson(boost::json::value(1e-7)), "1e-07");
  EXPECT_EQ(CanonicalJson(boost::json::value(1e300)), "1e+300");
  EXPECT_EQ(CanonicalJson(boost::json::value(-254224.60108763038)), "-254224.60108763038");
}

TEST(CanonicalJsonTest, NumbersJsonCannotHoldBecomeNull) {
  EXPECT_EQ(CanonicalJson(boost::json::value(std::nan(""))), "null");
  EXPECT_EQ(CanonicalJson(boost::json::value(std::numeric_limits<double>::infinity())), "null");
}

TEST(CanonicalJsonTest, EqualValuesBuiltInAnotherOrderGiveTheSameText) {
  boost::json::object first{
      {"kind", "ingest"}, {"payload", {{"rows", 3}, {"source", "http"}}}, {"seq", 7}};
  boost::json::object second;
  second["seq"] = 7.0;
  second["payload"] = boost::json::object{{"source", "http"}, {"rows", 3u}};
  second["kind"] = "ingest";
  EXPECT_EQ(CanonicalJson(first), CanonicalJson(second));
  EXPECT_EQ(CanonicalJson(boost::json::array{}), "[]");
  EXPECT_EQ(CanonicalJson(boost::json::object{}), "{}");
}

}  // namespace
}  // namespace kpiwatch::daemon
