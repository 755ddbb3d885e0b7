// Building a DetectorInput from the catalogue and stored observations.
//
// The one place that turns domain data (catalogue entries, observations, samples,
// revisions) into the plain value a detector reads. The daemon's rule evaluator, the
// backtest, `kpiwatch detect` on observation files and the accuracy tests all call this,
// so every detector sees the same series, peers and related series for the same data.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "detectors/core/registry.h"
#include "detectors/core/series.h"
#include "detectors/core/status.h"
#include "rules/evaluation/detector_data.h"
#include "rules/evaluation/series_index.h"

namespace kpiwatch {

// Builds the input for running `detector` on `indicator` for `unit`.
//
// - indicator: IndicatorInfo from the catalogue entry (Indicator::Info()).
// - series: the observations of (indicator, unit) sorted by period, values and
//   denominators (Observation::n; NaN where a row has none; left empty when no row has
//   one). When one period occurs twice the later row wins (a restatement).
// - peers: one series per unit of the indicator (the unit under test included), sorted
//   by unit id.
// - samples: the sample values of (indicator, unit) in period order (input order within
//   a period).
// - related, each the series of the same unit, when that unit has observations of it:
//   kCounterIndicator for every declared counter-indicator, in either direction (a pair
//   declared on one side applies to both); kOutcome for `proxy_for`; kProxy for every
//   indicator that declares this one as its `proxy_for`; kNumerator and kDenominator.
// - revisions: those of `unit` and of `indicator` (or with an empty indicator); as_of as given.
//
// An empty `unit` asks for the whole cross-section, allowed only for detectors of shape
// kCrossSection: the series is empty (it carries only the indicator id), peers holds
// every unit, samples every unit's samples, and related is empty.
//
// Errors: NotFound when the indicator is not declared or (indicator, unit) has no
// observations; InvalidArgument when the catalogue is missing, when `unit` is empty for
// a detector that needs one series, or when an observation's period has another cadence
// than the indicator's (naming the row's period).
Result<DetectorInput> BuildDetectorInput(const DetectorData& data, const std::string& indicator,
                                         const std::string& unit, const DetectorInfo& detector);
// The same from an index of the data (a round builds one index for all its targets).
Result<DetectorInput> BuildDetectorInput(const SeriesIndex& index, const std::string& indicator,
                                         const std::string& unit, const DetectorInfo& detector);

// The units with observations of `indicator`, sorted and unique.
std::vector<std::string> UnitsOf(std::span<const Observation> observations,
                                 const std::string& indicator);

}  // namespace kpiwatch
