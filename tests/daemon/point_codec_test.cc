// Stored point and revision layouts round-trip and reject damaged bytes.
#include "daemon/store/point_codec.h"

#include <gtest/gtest.h>

#include <cmath>

namespace kpiwatch::store {
namespace {

TEST(PointCodecTest, PointRoundTrips) {
  StoredPoint point{-12.5, 200.0, 1732300000, 17, "spool:a.csv"};
  Result<StoredPoint> decoded = DecodePoint(EncodePoint(point));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->value, -12.5);
  EXPECT_EQ(decoded->n, 200.0);
  EXPECT_EQ(decoded->reported_at, 1732300000);
  EXPECT_EQ(decoded->batch, 17u);
  EXPECT_EQ(decoded->source, "spool:a.csv");

  StoredPoint without_n{3.0, std::nullopt, 0, 1, ""};
  decoded = DecodePoint(EncodePoint(without_n));
  ASSERT_TRUE(decoded.ok());
  EXPECT_FALSE(decoded->n.has_value());
}

TEST(PointCodecTest, RevisionRoundTrips) {
  StoredRevision revision{{41.0, 100.0, 1000, 3, "http"}, 44.0, std::nullopt, 2000, 9};
  Result<StoredRevision> decoded = DecodeRevision(EncodeRevision(revision));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->replaced.value, 41.0);
  EXPECT_EQ(decoded->replaced.n, 100.0);
  EXPECT_EQ(decoded->replaced.source, "http");
  EXPECT_EQ(decoded->replaced.batch, 3u);
  EXPECT_EQ(decoded->new_value, 44.0);
  EXPECT_FALSE(decoded->new_n.has_value());
  EXPECT_EQ(decoded->replaced_at, 2000);
  EXPECT_EQ(decoded->batch, 9u);
}

TEST(PointCodecTest, DamagedBytesAreCorruption) {
  EXPECT_EQ(DecodePoint("").status().code(), StatusCode::kCorruption);
  std::string bytes = EncodePoint({1.0, std::nullopt, 0, 1, ""});
  bytes[0] = 9;  // unknown layout version
  EXPECT_EQ(DecodePoint(bytes).status().code(), StatusCode::kCorruption);
  EXPECT_EQ(DecodeRevision(bytes.substr(0, 10)).status().code(), StatusCode::kCorruption);
}

TEST(PointCodecTest, SameContentComparesValueAndN) {
  StoredPoint point{5.0, 10.0, 0, 1, ""};
  EXPECT_TRUE(point.SameContent(5.0, 10.0));
  EXPECT_FALSE(point.SameContent(5.0, 11.0));
  EXPECT_FALSE(point.SameContent(5.0, std::nullopt));
  EXPECT_FALSE(point.SameContent(5.5, 10.0));
}

}  // namespace
}  // namespace kpiwatch::store
