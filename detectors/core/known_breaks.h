// Known breaks of a series: the boundaries of declared definition versions.
//
// Every detector that compares "before" with "after" treats these rows as known
// breaks (a definition change is a change by construction, not a finding about the
// organisation): it tests at them, or keeps its windows on one side of them.
#pragma once

#include <cstddef>
#include <vector>

#include "detectors/core/series.h"

namespace kpiwatch {

// The rows (ascending, without duplicates) at which a new definition version starts:
// for each IndicatorInfo::definition_changes period, the first row whose period is at
// or after it. Changes before the second row or after the last row are left out (no
// before/after inside the series). Empty when the series has no periods or the
// cadences differ.
std::vector<std::size_t> DefinitionChangeRows(const IndicatorInfo& indicator, const Series& series);

}  // namespace kpiwatch
