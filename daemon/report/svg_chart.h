// The SVG chart of one unit's series, inline in the report page.
//
// Drawn in a fixed viewBox (kChartWidth x kChartHeight) with width 100%, so it scales to
// the screen and to an A4 page without re-rendering; marks differ in shape and dash as
// well as colour, so they stay apart in black-and-white print. Elements by class (tests
// count them):
//   circle.point            one per stored (current) value
//   circle.restated         one per restatement: the replaced old value, hollow,
//                           joined to the current value by line.restatement-link
//   rect.flagged            one per alert concerning the unit: its finding's window
//                           (or period) as a shaded band
//   line.definition-change  one per definition change (Indicator::definition_changes)
//                           within the plotted periods, labelled "definition vN"
//   path.target             the target line, from its valid_from on (when there is one)
//   path.series             the series line (broken at missing periods)
// Every mark has a <title> (hover text on screen) with the period and the value.
#pragma once

#include <string>

#include "daemon/report/indicator_history.h"

namespace kpiwatch::daemon::report {

inline constexpr int kChartWidth = 800;
inline constexpr int kChartHeight = 300;

// The <svg> element for `unit` of `history` (pure; no external references).
std::string RenderUnitChart(const IndicatorHistory& history, const UnitHistory& unit);

}  // namespace kpiwatch::daemon::report
