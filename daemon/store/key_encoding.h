// Key layouts of the RocksDB column families (documented in docs/storage-format.md).
//
// Series keys sort by (indicator, unit, period): indicator and unit are separated by a
// NUL byte (ids and units cannot contain one), the period is its cadence byte then its
// ordinal as big-endian with the sign bit flipped, so byte order equals time order and
// one series is one contiguous range.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "detectors/core/period.h"

namespace kpiwatch::store {

// Appends `value` as 8 big-endian bytes (sign bit flipped so signed order = byte order).
void AppendOrderedInt64(std::string& out, std::int64_t value);
// Reads 8 bytes written by AppendOrderedInt64 at `bytes` (which must hold 8 bytes).
std::int64_t ReadOrderedInt64(std::string_view bytes);
// Appends `value` as 8 big-endian bytes.
void AppendBigEndian64(std::string& out, std::uint64_t value);
std::uint64_t ReadBigEndian64(std::string_view bytes);

// "indicator\0unit\0": the prefix of every key of one series.
std::string SeriesPrefix(std::string_view indicator, std::string_view unit);
// "indicator\0": the prefix of every key of one indicator (all units).
std::string IndicatorPrefix(std::string_view indicator);
// points / samples key: SeriesPrefix + cadence byte + ordered ordinal.
std::string PointKey(std::string_view indicator, std::string_view unit, const Period& period);
// revisions key: PointKey + big-endian revision sequence (so revisions of one period
// sort in the order they happened).
std::string RevisionKey(std::string_view indicator, std::string_view unit, const Period& period,
                        std::uint64_t sequence);

struct DecodedPointKey {
  std::string indicator;
  std::string unit;
  Period period;
};
// Splits a points key (or the PointKey prefix of a revisions key); nullopt when malformed.
std::optional<DecodedPointKey> DecodePointKey(std::string_view key);

// The smallest key greater than every key starting with `prefix` (for range ends).
std::string PrefixEnd(std::string_view prefix);

}  // namespace kpiwatch::store
