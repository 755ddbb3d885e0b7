// Input plumbing shared by the gaming detectors: which values to look at, where the
// threshold and its good side are, and how two series line up.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "detectors/core/params.h"
#include "detectors/core/series.h"

namespace kpiwatch::gaming {

// Value sources a cross-section or distribution detector may read, as parameter choices:
// "samples" (DetectorInput::samples), "series" (the series' values), "peers_latest" (every
// peer's value at the series' last period), "peers_pooled" (every value of every peer) and
// "auto" (samples if any, else `auto_fallback`).
inline const std::vector<std::string> kValueSources = {"auto", "samples", "series",
                                                       "peers_latest", "peers_pooled"};

struct SelectedValues {
  std::vector<double> values;  // finite values only
  std::string description;     // e.g. "300 peer values in 2024-03", for explanations
  std::string period;          // the period the values belong to ("" when pooled)
};

// The values `source` names. `auto_fallback` is used for "auto" without samples.
// NaN/infinite values are dropped.
SelectedValues SelectValues(const DetectorInput& input, std::string_view source,
                            std::string_view auto_fallback);

// A threshold and which side of it is "good" (meets the target).
struct Threshold {
  double value = 0.0;
  bool good_above = true;  // true: values >= threshold are good
  std::string origin;      // "target" or "parameter"
};

// From the parameters `threshold` ("target" or a number) and `good_side` ("auto", "above",
// "below"); "auto" follows the target's comparator, else the indicator's direction.
// nullopt when the threshold is "target" and the indicator has no target.
std::optional<Threshold> ResolveThreshold(const IndicatorInfo& indicator,
                                          const ParamValues& params);

// Two series lined up row by row: by period when both have periods (rows whose period is
// missing from the other are dropped), else by row when the lengths are equal.
struct AlignedPair {
  std::vector<double> first;
  std::vector<double> second;
  std::vector<std::size_t> rows;  // row in the first series of each aligned pair
};
std::optional<AlignedPair> Align(const Series& first, const Series& second);

// The related series with this relation, or nullptr.
const RelatedSeries* FindRelated(const DetectorInput& input, Relation relation);

// Denominators of the series under test, one per row (NaN where unknown): the series'
// own denominators, else those of a related kDenominator series aligned by period.
// nullopt when neither is available.
std::optional<std::vector<double>> DenominatorsOf(const DetectorInput& input);

// Two consecutive windows of rows: before = [before_begin, split), after = [split, after_end).
struct Windows {
  std::size_t before_begin = 0;
  std::size_t split = 0;
  std::size_t after_end = 0;
};
// From the parameters `window` (rows per window) and `split` ("end": the after window is
// the last `window` rows; a number: the first row of the after window) over `rows` rows.
// Windows are cut short at the ends. nullopt when either has fewer than `min_window` rows.
std::optional<Windows> ResolveWindows(std::size_t rows, const ParamValues& params,
                                      std::size_t min_window);

}  // namespace kpiwatch::gaming
