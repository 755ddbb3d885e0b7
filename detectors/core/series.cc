#include "detectors/core/series.h"

namespace kpiwatch {
namespace {

template <typename Enum, std::size_t N>
Result<Enum> ParseName(std::string_view text, const std::pair<Enum, const char*> (&names)[N],
                       const char* what) {
  std::string allowed;
  for (const auto& [value, name] : names) {
    if (text == name) return value;
    allowed += (allowed.empty() ? "" : ", ") + std::string(name);
  }
  return Status::InvalidArgument("unknown " + std::string(what) + " '" + std::string(text) +
                                 "' (allowed: " + allowed + ")");
}

constexpr std::pair<Direction, const char*> kDirections[] = {
    {Direction::kHigherIsBetter, "higher_is_better"}, {Direction::kLowerIsBetter, "lower_is_better"}};
constexpr std::pair<UnitKind, const char*> kUnitKinds[] = {
    {UnitKind::kCount, "count"}, {UnitKind::kPercent, "percent"}, {UnitKind::kRatio, "ratio"},
    {UnitKind::kScore, "score"}, {UnitKind::kAmount, "amount"},   {UnitKind::kDuration, "duration"}};
constexpr std::pair<Comparator, const char*> kComparators[] = {
    {Comparator::kAtLeast, ">="}, {Comparator::kAtMost, "<="},
    {Comparator::kAtLeast, "at_least"}, {Comparator::kAtMost, "at_most"}};

template <typename Enum, std::size_t N>
const char* NameOf(Enum value, const std::pair<Enum, const char*> (&names)[N]) {
  for (const auto& [candidate, name] : names) {
    if (candidate == value) return name;
  }
  return "unknown";
}

}  // namespace

const std::vector<Series>& PeerList::all() const {
  static const std::vector<Series> kNone;  // immutable: shared by every empty list
  return series_ ? *series_ : kNone;
}

const char* DirectionName(Direction direction) { return NameOf(direction, kDirections); }
const char* UnitKindName(UnitKind kind) { return NameOf(kind, kUnitKinds); }
const char* ComparatorName(Comparator comparator) { return NameOf(comparator, kComparators); }
Result<Direction> ParseDirection(std::string_view text) {
  return ParseName(text, kDirections, "direction");
}
Result<UnitKind> ParseUnitKind(std::string_view text) { return ParseName(text, kUnitKinds, "unit"); }
Result<Comparator> ParseComparator(std::string_view text) {
  return ParseName(text, kComparators, "comparator");
}

std::string Series::Label(std::size_t i) const {
  if (has_periods() && i < periods.size()) return periods[i].ToString();
  return "#" + std::to_string(i);
}

}  // namespace kpiwatch
