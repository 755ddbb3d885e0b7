// Output of `kpiwatch detect`: findings as a table, JSON or row indices, and the
// detector list for `--list`.
#pragma once

#include <cstddef>
#include <map>
#include <string>

#include "client/detect_input.h"
#include "detectors/core/finding.h"
#include "detectors/core/registry.h"

namespace kpiwatch::client {

// The series row a finding is reported at: for a change point, the first row of the new
// segment (Finding::index); for a finding about a window (window_end > window_begin and
// not a change point), the window's last row; otherwise Finding::index.
std::size_t ReportedPoint(const Finding& finding);

// Findings in a table (row, period, kind, direction, effect, statistic, p or
// probability), then each explanation and its questions; or why there is no verdict.
std::string RenderFindingsTable(std::string_view detector, const DetectSeries& input,
                                const DetectorOutcome& outcome);
// {"detector", "params", "points", "skipped_rows", "applicability", "reason", "findings"},
// each finding with the fields of FindingToJson plus "row" (its file row position).
std::string RenderFindingsJson(std::string_view detector,
                               const std::map<std::string, std::string>& params,
                               const DetectSeries& input, const DetectorOutcome& outcome);
// The file row position of each finding (see ReportedPoint), ascending, one per line.
std::string RenderIndices(const DetectSeries& input, const DetectorOutcome& outcome);

// Every detector with its parameters, types, defaults and allowed values;
// as {"detectors": [...]} when `json`.
std::string RenderDetectorList(const DetectorRegistry& registry, bool json);

}  // namespace kpiwatch::client
