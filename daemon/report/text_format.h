// Text helpers shared by the report renderers: HTML escaping and number formatting.
#pragma once

#include <string>
#include <string_view>

namespace kpiwatch::daemon::report {

// `text` with & < > " ' replaced by entities: safe in element content and quoted attributes.
std::string HtmlEscape(std::string_view text);

// The shortest text that reads back as `value` ("41.5", "0.25", "1e-07"), with at most
// `max_significant` significant digits; "NaN" stays "NaN". `decimal` replaces the point
// (',' for Dutch). Integers print without a fraction ("40").
std::string FormatNumber(double value, char decimal = '.', int max_significant = 10);

}  // namespace kpiwatch::daemon::report
