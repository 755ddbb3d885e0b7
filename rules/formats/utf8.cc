#include "rules/formats/utf8.h"

#include <cstdint>
#include <cstdio>
#include <string>

namespace kpiwatch {

std::optional<std::size_t> FirstInvalidUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<std::uint8_t>(text[i]);
    if (byte < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    std::uint32_t code = 0;
    if ((byte & 0xE0) == 0xC0) length = 2, code = byte & 0x1F;
    else if ((byte & 0xF0) == 0xE0) length = 3, code = byte & 0x0F;
    else if ((byte & 0xF8) == 0xF0) length = 4, code = byte & 0x07;
    else return i;  // a continuation byte or 0xF8..0xFF where a sequence should start
    if (i + length > text.size()) return i;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<std::uint8_t>(text[i + k]);
      if ((next & 0xC0) != 0x80) return i;
      code = (code << 6) | (next & 0x3F);
    }
    const std::uint32_t smallest = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
    if (code < smallest || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return i;
    i += length;
  }
  return std::nullopt;
}

namespace {

// An error at byte `offset` of `text`: 1-based line and column, the byte in hex.
ErrorDetail ErrorAt(std::string_view text, std::size_t offset, std::string_view file_name,
                    const std::string& what) {
  int line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') ++line, line_start = i + 1;
  }
  char byte[8];
  std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned>(static_cast<std::uint8_t>(text[offset])));
  return ErrorDetail{std::string(file_name), line, static_cast<int>(offset - line_start) + 1, "",
                     what + " (byte " + byte + ")" +
                         (what == "not valid UTF-8" ? "; save the file as UTF-8" : "")};
}

}  // namespace

std::optional<ErrorDetail> InvalidUtf8Error(std::string_view text, std::string_view file_name) {
  const std::optional<std::size_t> offset = FirstInvalidUtf8(text);
  if (!offset) return std::nullopt;
  return ErrorAt(text, *offset, file_name, "not valid UTF-8");
}

std::optional<ErrorDetail> ControlCharacterError(std::string_view text, std::string_view file_name) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<std::uint8_t>(text[i]);
    if ((byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') || byte == 0x7F) {
      return ErrorAt(text, i, file_name, "a control character, not allowed in YAML");
    }
  }
  return std::nullopt;
}

}  // namespace kpiwatch
