#include "tests/support/mail_parse.h"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace kpiwatch::testing {
namespace {

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return text;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

// Reads headers from lines[i...] up to the empty line; i ends after it.
std::map<std::string, std::string> ReadHeaders(const std::vector<std::string>& lines,
                                               std::size_t& i) {
  std::map<std::string, std::string> headers;
  std::string last;
  for (; i < lines.size() && !lines[i].empty(); ++i) {
    const std::string& line = lines[i];
    if ((line[0] == ' ' || line[0] == '\t') && !last.empty()) {
      headers[last] += line;
      continue;
    }
    std::size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    last = Lower(line.substr(0, colon));
    std::size_t start = line.find_first_not_of(' ', colon + 1);
    headers[last] = start == std::string::npos ? "" : line.substr(start);
  }
  if (i < lines.size()) ++i;
  return headers;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string DecodeBody(const std::map<std::string, std::string>& headers, const std::string& body) {
  auto encoding = headers.find("content-transfer-encoding");
  std::string name = encoding == headers.end() ? "" : Lower(encoding->second);
  if (name == "quoted-printable") return DecodeQuotedPrintable(body);
  if (name == "base64") return DecodeBase64(body);
  return body;
}

}  // namespace

std::string ParsedMail::Header(const std::string& name) const {
  auto found = headers.find(Lower(name));
  return found == headers.end() ? "" : found->second;
}

std::string ParsedMail::Part(const std::string& type) const {
  for (const auto& part : parts) {
    auto found = part.headers.find("content-type");
    if (found != part.headers.end() && Lower(found->second).rfind(type, 0) == 0) return part.body;
  }
  return "";
}

ParsedMail ParseMail(const std::string& text) {
  ParsedMail mail;
  std::vector<std::string> lines = Lines(text);
  std::size_t i = 0;
  mail.headers = ReadHeaders(lines, i);
  std::string type = mail.Header("content-type");
  std::size_t at = type.find("boundary=\"");
  if (at == std::string::npos) {
    std::string body;
    for (; i < lines.size(); ++i) body += lines[i] + "\n";
    mail.parts.push_back({mail.headers, DecodeBody(mail.headers, body)});
    return mail;
  }
  std::string boundary = type.substr(at + 10, type.find('"', at + 10) - at - 10);
  std::string delimiter = "--" + boundary;
  while (i < lines.size() && lines[i] != delimiter) ++i;
  while (i < lines.size() && lines[i] == delimiter) {
    ++i;
    MailPart part;
    part.headers = ReadHeaders(lines, i);
    // The line break before a delimiter belongs to the delimiter (RFC 2046 5.1.1).
    std::string body;
    for (std::size_t first = i;
         i < lines.size() && lines[i] != delimiter && lines[i] != delimiter + "--"; ++i) {
      body += (i == first ? "" : "\n") + lines[i];
    }
    part.body = DecodeBody(part.headers, body);
    mail.parts.push_back(std::move(part));
  }
  return mail;
}

std::string DecodeQuotedPrintable(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '=') {
      if (text[i] != '\r') out += text[i];
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '\n') {
      ++i;
      continue;
    }
    if (i + 2 < text.size() && text[i + 1] == '\r' && text[i + 2] == '\n') {
      i += 2;
      continue;
    }
    if (i + 2 < text.size() && HexValue(text[i + 1]) >= 0 && HexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
      continue;
    }
    out += '=';
  }
  return out;
}

std::string DecodeBase64(const std::string& text) {
  static const std::string alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    std::size_t value = alphabet.find(c);
    if (value == std::string::npos) continue;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

std::string DecodeHeader(const std::string& value) {
  std::string out;
  std::size_t i = 0;
  bool previous_was_word = false;
  while (i < value.size()) {
    std::size_t start = value.find("=?", i);
    if (start == std::string::npos) {
      out += value.substr(i);
      break;
    }
    std::string between = value.substr(i, start - i);
    // Whitespace between two encoded words is dropped (RFC 2047 6.2).
    if (!(previous_was_word && between.find_first_not_of(" \t\r\n") == std::string::npos))
      out += between;
    std::size_t charset_end = value.find('?', start + 2);
    std::size_t encoding_end =
        charset_end == std::string::npos ? charset_end : value.find('?', charset_end + 1);
    std::size_t end =
        encoding_end == std::string::npos ? encoding_end : value.find("?=", encoding_end + 1);
    if (end == std::string::npos) {
      out += value.substr(start);
      break;
    }
    char encoding =
        static_cast<char>(std::toupper(static_cast<unsigned char>(value[charset_end + 1])));
    std::string payload = value.substr(encoding_end + 1, end - encoding_end - 1);
    if (encoding == 'B') {
      out += DecodeBase64(payload);
    } else {
      std::replace(payload.begin(), payload.end(), '_', ' ');
      out += DecodeQuotedPrintable(payload);
    }
    i = end + 2;
    previous_was_word = true;
  }
  return out;
}

}  // namespace kpiwatch::testing
