#include "daemon/store/key_encoding.h"

namespace kpiwatch::store {
namespace {
constexpr std::uint64_t kSignBit = std::uint64_t{1} << 63;
constexpr std::size_t kPeriodBytes = 1 + 8;  // cadence + ordinal
}  // namespace

void AppendBigEndian64(std::string& out, std::uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((value >> shift) & 0xFF));
}

std::uint64_t ReadBigEndian64(std::string_view bytes) {
  std::uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[i]);
  return value;
}

void AppendOrderedInt64(std::string& out, std::int64_t value) {
  AppendBigEndian64(out, static_cast<std::uint64_t>(value) ^ kSignBit);
}

std::int64_t ReadOrderedInt64(std::string_view bytes) {
  return static_cast<std::int64_t>(ReadBigEndian64(bytes) ^ kSignBit);
}

std::string IndicatorPrefix(std::string_view indicator) {
  std::string key(indicator);
  key.push_back('\0');
  return key;
}

std::string SeriesPrefix(std::string_view indicator, std::string_view unit) {
  std::string key = IndicatorPrefix(indicator);
  key.append(unit);
  key.push_back('\0');
  return key;
}

std::string PointKey(std::string_view indicator, std::string_view unit, const Period& period) {
  std::string key = SeriesPrefix(indicator, unit);
  key.push_back(static_cast<char>(period.cadence()));
  AppendOrderedInt64(key, period.ordinal());
  return key;
}

std::string RevisionKey(std::string_view indicator, std::string_view unit, const Period& period,
                        std::uint64_t sequence) {
  std::string key = PointKey(indicator, unit, period);
  AppendBigEndian64(key, sequence);
  return key;
}

std::optional<DecodedPointKey> DecodePointKey(std::string_view key) {
  std::size_t first = key.find('\0');
  if (first == std::string_view::npos) return std::nullopt;
  std::size_t second = key.find('\0', first + 1);
  if (second == std::string_view::npos || key.size() < second + 1 + kPeriodBytes) return std::nullopt;
  auto cadence_byte = static_cast<unsigned char>(key[second + 1]);
  if (cadence_byte > static_cast<unsigned char>(Cadence::kYear)) return std::nullopt;
  DecodedPointKey decoded;
  decoded.indicator = std::string(key.substr(0, first));
  decoded.unit = std::string(key.substr(first + 1, second - first - 1));
  decoded.period = Period::FromOrdinal(static_cast<Cadence>(cadence_byte),
                                       ReadOrderedInt64(key.substr(second + 2, 8)));
  return decoded;
}

std::string PrefixEnd(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty()) {
    auto last = static_cast<unsigned char>(end.back());
    if (last != 0xFF) {
      end.back() = static_cast<char>(last + 1);
      return end;
    }
    end.pop_back();
  }
  return end;  // empty: no upper bound
}

}  // namespace kpiwatch::store
