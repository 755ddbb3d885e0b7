#include "tests/support/text_search.h"

namespace kpiwatch::testing {

std::size_t CountOccurrences(std::string_view text, std::string_view needle) {
  if (needle.empty()) return 0;
  std::size_t count = 0;
  for (std::size_t at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + needle.size())) {
    ++count;
  }
  return count;
}

std::string ElementFrom(std::string_view text, std::string_view opening, std::string_view closing_tag,
                        std::size_t from) {
  std::size_t begin = text.find(opening, from);
  if (begin == std::string_view::npos) return "";
  std::size_t end = text.find(closing_tag, begin);
  if (end == std::string_view::npos) return "";
  return std::string(text.substr(begin, end + closing_tag.size() - begin));
}

}  // namespace kpiwatch::testing
