// Counting and finding in rendered text (HTML, SVG, CSV), for structural report checks.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kpiwatch::testing {

// How often `needle` occurs in `text` (non-overlapping).
std::size_t CountOccurrences(std::string_view text, std::string_view needle);

// The text of the element `<tag class="cls"...>...</tag>` opening at the first occurrence of
// `opening` (e.g. "<svg class=\"chart\""), up to and including its closing tag `</tag>`
// (not nested); "" when not found.
std::string ElementFrom(std::string_view text, std::string_view opening, std::string_view closing_tag,
                        std::size_t from = 0);

}  // namespace kpiwatch::testing
