// Binary encoding of stored points and revisions (values of the points and
// revisions column families; layout in docs/storage-format.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "detectors/core/status.h"

namespace kpiwatch::store {

// The current value of one (indicator, unit, period).
struct StoredPoint {
  double value = 0.0;
  std::optional<double> n;
  std::int64_t reported_at = 0;  // unix seconds
  std::uint64_t batch = 0;       // ingest batch that wrote it
  std::string source;

  // Same reported content (value and n); a report equal to the stored one is a no-op.
  bool SameContent(double other_value, const std::optional<double>& other_n) const {
    return value == other_value && n == other_n;
  }
};

// A value that was replaced by a restatement.
struct StoredRevision {
  StoredPoint replaced;          // the old value as it was stored
  double new_value = 0.0;
  std::optional<double> new_n;
  std::int64_t replaced_at = 0;  // unix seconds
  std::uint64_t batch = 0;       // batch that replaced it
};

std::string EncodePoint(const StoredPoint& point);
// kCorruption when the bytes are not a point of a known layout version.
Result<StoredPoint> DecodePoint(std::string_view bytes);
std::string EncodeRevision(const StoredRevision& revision);
Result<StoredRevision> DecodeRevision(std::string_view bytes);

}  // namespace kpiwatch::store
