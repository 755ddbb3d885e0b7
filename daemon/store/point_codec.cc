#include "daemon/store/point_codec.h"

#include <bit>

#include "daemon/store/key_encoding.h"

namespace kpiwatch::store {
namespace {

constexpr char kPointVersion = 1;
constexpr char kRevisionVersion = 1;
constexpr unsigned char kHasN = 1;

// Fixed part of a point: version, flags, value, n, reported_at, batch.
constexpr std::size_t kPointFixedBytes = 2 + 8 + 8 + 8 + 8;

void AppendDouble(std::string& out, double value) {
  AppendBigEndian64(out, std::bit_cast<std::uint64_t>(value));
}
double ReadDouble(std::string_view bytes) { return std::bit_cast<double>(ReadBigEndian64(bytes)); }

void AppendPointBody(std::string& out, const StoredPoint& point) {
  out.push_back(static_cast<char>(point.n ? kHasN : 0));
  AppendDouble(out, point.value);
  AppendDouble(out, point.n.value_or(0.0));
  AppendOrderedInt64(out, point.reported_at);
  AppendBigEndian64(out, point.batch);
}

StoredPoint ReadPointBody(std::string_view bytes) {  // bytes start at the flags byte
  StoredPoint point;
  bool has_n = (static_cast<unsigned char>(bytes[0]) & kHasN) != 0;
  point.value = ReadDouble(bytes.substr(1));
  if (has_n) point.n = ReadDouble(bytes.substr(9));
  point.reported_at = ReadOrderedInt64(bytes.substr(17));
  point.batch = ReadBigEndian64(bytes.substr(25));
  return point;
}

Status Corrupt(const char* what, std::size_t size) {
  return Status(StatusCode::kCorruption,
                std::string("stored ") + what + " has an unknown layout (" + std::to_string(size) + " bytes)");
}

}  // namespace

std::string EncodePoint(const StoredPoint& point) {
  std::string out;
  out.reserve(kPointFixedBytes + point.source.size());
  out.push_back(kPointVersion);
  AppendPointBody(out, point);
  out.append(point.source);
  return out;
}

Result<StoredPoint> DecodePoint(std::string_view bytes) {
  if (bytes.size() < kPointFixedBytes || bytes[0] != kPointVersion) return Corrupt("point", bytes.size());
  StoredPoint point = ReadPointBody(bytes.substr(1));
  point.source = std::string(bytes.substr(kPointFixedBytes));
  return point;
}

std::string EncodeRevision(const StoredRevision& revision) {
  // The header (new value, new n, replaced_at, batch) has the layout of a point body.
  std::string out;
  out.push_back(kRevisionVersion);
  AppendPointBody(out, {revision.new_value, revision.new_n, revision.replaced_at, revision.batch, ""});
  AppendPointBody(out, revision.replaced);
  out.append(revision.replaced.source);
  return out;
}

Result<StoredRevision> DecodeRevision(std::string_view bytes) {
  constexpr std::size_t kHeader = kPointFixedBytes;  // version + a point body
  if (bytes.size() < kHeader + kPointFixedBytes - 1 || bytes[0] != kRevisionVersion) {
    return Corrupt("revision", bytes.size());
  }
  StoredPoint header = ReadPointBody(bytes.substr(1));
  StoredRevision revision;
  revision.new_value = header.value;
  revision.new_n = header.n;
  revision.replaced_at = header.reported_at;
  revision.batch = header.batch;
  revision.replaced = ReadPointBody(bytes.substr(kHeader));
  revision.replaced.source = std::string(bytes.substr(kHeader + kPointFixedBytes - 1));
  return revision;
}

}  // namespace kpiwatch::store
