#include "rules/domain/silence.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rules/formats/alert_json.h"
#include "rules/formats/timestamp.h"

namespace kpiwatch {
namespace {

using std::chrono::sys_days;
using std::chrono::sys_seconds;
using namespace std::chrono_literals;

std::string ParseTimestampMessage(std::string_view text) {
  return ParseTimestamp(text).status().message();
}

const sys_seconds kStart = sys_days{std::chrono::year{2026} / 11 / 1};

Silence Muted() {
  Silence silence;
  silence.id = 7;
  silence.indicator = "werkplein.*";
  silence.unit = "gemeente_a";
  silence.rule = "level-shift";
  silence.starts_at = kStart;
  silence.ends_at = kStart + 24h;
  silence.reason = "known migration of the source system";
  silence.author = "steward";
  return silence;
}

TEST(SilenceTest, ActiveFromStartUntilJustBeforeTheEnd) {
  Silence silence = Muted();
  EXPECT_FALSE(silence.ActiveAt(kStart - 1s));
  EXPECT_TRUE(silence.ActiveAt(kStart));
  EXPECT_TRUE(silence.ActiveAt(kStart + 24h - 1s));
  EXPECT_FALSE(silence.ActiveAt(kStart + 24h));
}

TEST(SilenceTest, MatchesIndicatorGlobUnitAndRule) {
  Silence silence = Muted();
  sys_seconds now = kStart + 1h;
  EXPECT_TRUE(silence.Matches("werkplein.uitstroom_werk", "gemeente_a", "level-shift", now));
  EXPECT_FALSE(silence.Matches("schuldhulp.aanmeldingen", "gemeente_a", "level-shift", now));
  EXPECT_FALSE(silence.Matches("werkplein.uitstroom_werk", "gemeente_b", "level-shift", now));
  EXPECT_FALSE(silence.Matches("werkplein.uitstroom_werk", "gemeente_a", "level-shift-2", now));
  EXPECT_FALSE(
      silence.Matches("werkplein.uitstroom_werk", "gemeente_a", "level-shift", kStart + 25h));
  // Empty criteria match anything.
  silence.unit = "";
  silence.rule = "";
  EXPECT_TRUE(silence.Matches("werkplein.uitstroom_werk", "", "any-rule", now));
}

TEST(ValidateSilenceTest, AcceptsAGoodSilence) { EXPECT_TRUE(ValidateSilence(Muted()).ok()); }

TEST(ValidateSilenceTest, ReportsEveryProblem) {
  Silence silence;
  silence.starts_at = kStart;
  silence.ends_at = kStart;
  Status status = ValidateSilence(silence);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  std::vector<std::string> details;
  for (const ErrorDetail& detail : status.details()) details.push_back(detail.ToString());
  EXPECT_THAT(details, ::testing::ElementsAre(
                           "indicator: give at least one of indicator, unit or rule",
                           "reason: a silence needs a reason", "ends_at: must be after starts_at"));
}

TEST(SilenceJsonTest, RoundTripsEveryField) {
  Silence silence = Muted();
  silence.created_at = kStart - 3h;
  boost::json::object json = SilenceToJson(silence);
  EXPECT_EQ(boost::json::serialize(json),
            R"({"id":7,"indicator":"werkplein.*","unit":"gemeente_a","rule":"level-shift",)"
            R"("starts_at":"2026-11-01T00:00:00Z","ends_at":"2026-11-02T00:00:00Z",)"
            R"("reason":"known migration of the source system","author":"steward",)"
            R"("created_at":"2026-10-31T21:00:00Z"})");
  Result<Silence> back = SilenceFromJson(json);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->id, silence.id);
  EXPECT_EQ(back->indicator, silence.indicator);
  EXPECT_EQ(back->unit, silence.unit);
  EXPECT_EQ(back->rule, silence.rule);
  EXPECT_EQ(back->starts_at, silence.starts_at);
  EXPECT_EQ(back->ends_at, silence.ends_at);
  EXPECT_EQ(back->reason, silence.reason);
  EXPECT_EQ(back->author, silence.author);
  EXPECT_EQ(back->created_at, silence.created_at);
  EXPECT_EQ(boost::json::serialize(SilenceToJson(*back)), boost::json::serialize(json));
}

TEST(SilenceJsonTest, LargeIdsAreExact) {
  Silence silence = Muted();
  silence.id = 18446744073709551615u;
  Result<Silence> back = SilenceFromJson(SilenceToJson(silence));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->id, silence.id);
}

TEST(SilenceJsonTest, ErrorsNameTheField) {
  Result<Silence> bad = SilenceFromJson(
      boost::json::parse(R"({"id": -1, "indicator": 3, "starts_at": "yesterday", "reason": "r"})"));
  ASSERT_FALSE(bad.ok());
  std::vector<std::string> details;
  for (const ErrorDetail& detail : bad.status().details()) details.push_back(detail.ToString());
  EXPECT_THAT(details, ::testing::ElementsAre("id: must be a whole number >= 0",
                                              "indicator: must be a string",
                                              "starts_at: " + ParseTimestampMessage("yesterday")));
  EXPECT_FALSE(SilenceFromJson(boost::json::parse("[1]")).ok());
}

}  // namespace
}  // namespace kpiwatch
