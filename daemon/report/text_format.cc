#include "daemon/report/text_format.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace kpiwatch::daemon::report {

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string FormatNumber(double value, char decimal, int max_significant) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Inf" : "-Inf";
  char buffer[64];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  std::string text(buffer, error == std::errc() ? end : buffer);
  std::size_t digits = 0;
  for (char c : text) {
    if (c == 'e') break;
    if (c >= '0' && c <= '9') ++digits;
  }
  if (text.empty() || digits > static_cast<std::size_t>(max_significant)) {
    std::snprintf(buffer, sizeof buffer, "%.*g", max_significant, value);
    text = buffer;
  }
  if (decimal != '.') {
    for (char& c : text) {
      if (c == '.') c = decimal;
    }
  }
  return text;
}

}  // namespace kpiwatch::daemon::report
