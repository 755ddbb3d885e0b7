// What a detector sees: a series plus what is known about its indicator.
//
// Detectors are pure functions of a DetectorInput and their parameters. Everything a
// detector may need (target, direction, denominators, the other units of the same
// indicator, event samples, a counter-indicator or outcome, revisions, the clock) is a
// plain value here, so detectors do no I/O and tests build inputs inline.
#pragma once

#include <chrono>
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "detectors/core/period.h"

namespace kpiwatch {

enum class Direction { kHigherIsBetter, kLowerIsBetter };
enum class UnitKind { kCount, kPercent, kRatio, kScore, kAmount, kDuration };
// How a value is compared to its target: kAtLeast means "value >= target is met".
enum class Comparator { kAtLeast, kAtMost };

// "higher_is_better" / "lower_is_better"; "count", "percent", ...; ">=" / "<=".
const char* DirectionName(Direction direction);
const char* UnitKindName(UnitKind kind);
const char* ComparatorName(Comparator comparator);
Result<Direction> ParseDirection(std::string_view text);
Result<UnitKind> ParseUnitKind(std::string_view text);
// Accepts ">=", "<=", "at_least", "at_most".
Result<Comparator> ParseComparator(std::string_view text);

struct Target {
  double value = 0.0;
  Comparator comparator = Comparator::kAtLeast;
  std::optional<Period> valid_from;  // the target applies from this period on

  // Whether `x` meets the target.
  bool IsMet(double x) const { return comparator == Comparator::kAtLeast ? x >= value : x <= value; }
};

// One indicator for one unit of observation, in time order.
struct Series {
  std::string indicator;
  std::string unit;
  std::vector<Period> periods;        // empty: rows are only indexed 0..n-1
  std::vector<double> values;
  std::vector<double> denominators;   // empty, or one per value (NaN where unknown)

  std::size_t size() const { return values.size(); }
  bool has_periods() const { return periods.size() == values.size() && !values.empty(); }
  bool has_denominators() const { return denominators.size() == values.size() && !values.empty(); }
  // The period of row i as text, or "#i" when the series has no periods.
  std::string Label(std::size_t i) const;
};

// The indicator metadata detectors use (a subset of the catalogue entry).
struct IndicatorInfo {
  std::string id;
  UnitKind unit_kind = UnitKind::kScore;
  Direction direction = Direction::kHigherIsBetter;
  std::optional<Cadence> cadence;
  std::optional<Target> target;
  // First periods of each new definition version (known breaks), in time order.
  std::vector<Period> definition_changes;
};

// The series of every unit of one indicator, read-only and shared: a round over the U
// units of an indicator builds the list once and every unit's input points to the same
// list, instead of each holding its own copy (which made a round O(U^2)).
class PeerList {
 public:
  PeerList() = default;
  PeerList(std::vector<Series> series)  // NOLINT(google-explicit-constructor): a list of series
      : series_(std::make_shared<const std::vector<Series>>(std::move(series))) {}
  PeerList(std::initializer_list<Series> series) : PeerList(std::vector<Series>(series)) {}

  std::vector<Series>::const_iterator begin() const { return all().begin(); }
  std::vector<Series>::const_iterator end() const { return all().end(); }
  std::size_t size() const { return all().size(); }
  bool empty() const { return all().empty(); }
  const Series& operator[](std::size_t i) const { return all()[i]; }
  const Series& front() const { return all().front(); }
  const Series& back() const { return all().back(); }
  // The series, sorted by unit where built by BuildDetectorInput.
  const std::vector<Series>& all() const;

 private:
  std::shared_ptr<const std::vector<Series>> series_;  // null: no peers
};

// How a related series relates to the series under test.
enum class Relation { kCounterIndicator, kOutcome, kProxy, kNumerator, kDenominator };

struct RelatedSeries {
  Relation relation = Relation::kCounterIndicator;
  IndicatorInfo indicator;
  Series series;
};

// A stored value that was replaced by a later report for the same period.
struct Revision {
  std::string indicator;  // empty: the indicator under test
  std::string unit;
  Period period;
  double old_value = 0.0;
  double new_value = 0.0;
  std::chrono::sys_seconds revised_at{};
  // When the old value had been reported, where known (the backtest uses it to tell when
  // the point first became visible).
  std::optional<std::chrono::sys_seconds> old_reported_at;
};

struct DetectorInput {
  IndicatorInfo indicator;
  Series series;                       // the series under test
  PeerList peers;                      // every unit of the same indicator (cross-section)
  std::vector<double> samples;         // event-level values, e.g. minutes waited per case
  std::vector<RelatedSeries> related;  // counter-indicators, outcomes, numerator/denominator
  std::vector<Revision> revisions;     // restatements of this indicator
  std::optional<std::chrono::sys_seconds> as_of;  // "now", for clock-based detectors
};

}  // namespace kpiwatch
