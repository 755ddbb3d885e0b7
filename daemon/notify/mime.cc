#include "daemon/notify/mime.h"

#include <array>
#include <cstdio>

namespace kpiwatch::notify {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";
constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Length of the UTF-8 character starting with `lead` (1 for invalid lead bytes).
std::size_t Utf8Length(unsigned char lead) {
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  if (lead >= 0xE0) return lead <= 0xEF ? 3 : 1;
  if (lead >= 0xC2) return 2;
  return 1;
}

bool IsPrintableAscii(std::string_view text) {
  for (unsigned char c : text) {
    if (c < 0x20 || c > 0x7E) return false;
  }
  return true;
}

}  // namespace

std::string EncodeQuotedPrintable(std::string_view text) {
  std::string out;
  std::string line;  // the current output line, without its break
  auto flush_line = [&](bool hard) {
    out += line;
    out += hard ? "\r\n" : "=\r\n";
    line.clear();
  };
  auto append = [&](const std::string& token) {
    if (line.size() + token.size() > 75) flush_line(false);
    line += token;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    if (c == '\n') {
      // Trailing whitespace before a hard break must be encoded.
      if (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
        char last = line.back();
        line.pop_back();
        append(std::string("=") + kHex[last >> 4] + kHex[last & 0xF]);
      }
      flush_line(true);
      continue;
    }
    bool literal = (c >= 33 && c <= 126 && c != '=') || c == ' ' || c == '\t';
    // A '.' opening a line is encoded so that no SMTP hop has to dot-stuff it.
    if (c == '.' && line.empty()) literal = false;
    if (literal) {
      append(std::string(1, static_cast<char>(c)));
    } else {
      append(std::string("=") + kHex[c >> 4] + kHex[c & 0xF]);
    }
  }
  if (!line.empty()) {
    if (line.back() == ' ' || line.back() == '\t') {
      char last = line.back();
      line.pop_back();
      append(std::string("=") + kHex[last >> 4] + kHex[last & 0xF]);
    }
    flush_line(true);
  }
  return out;
}

std::string EncodeBase64(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::uint32_t chunk = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) chunk |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) chunk |= static_cast<unsigned char>(bytes[i + 2]);
    out += kBase64[(chunk >> 18) & 0x3F];
    out += kBase64[(chunk >> 12) & 0x3F];
    out += i + 1 < bytes.size() ? kBase64[(chunk >> 6) & 0x3F] : '=';
    out += i + 2 < bytes.size() ? kBase64[chunk & 0x3F] : '=';
  }
  return out;
}

std::string EncodeHeaderValue(std::string_view value) {
  if (IsPrintableAscii(value)) return std::string(value);
  // "=?UTF-8?B?" + base64 + "?=" <= 75 characters: at most 45 bytes of text per word.
  constexpr std::size_t kMaxBytes = 45;
  std::string out;
  std::size_t start = 0;
  while (start < value.size()) {
    std::size_t end = start;
    while (end < value.size()) {
      std::size_t length = Utf8Length(static_cast<unsigned char>(value[end]));
      if (end + length > value.size()) length = value.size() - end;
      if (end + length - start > kMaxBytes) break;
      end += length;
    }
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + EncodeBase64(value.substr(start, end - start)) + "?=";
    start = end;
  }
  return out;
}

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string FormatMailDate(std::chrono::sys_seconds time) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto day = std::chrono::floor<std::chrono::days>(time);
  std::chrono::year_month_day date{day};
  std::chrono::hh_mm_ss clock{time - day};
  std::chrono::weekday weekday{day};
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s, %02u %s %04d %02d:%02d:%02d +0000",
                kDays[weekday.c_encoding()], static_cast<unsigned>(date.day()),
                kMonths[static_cast<unsigned>(date.month()) - 1], static_cast<int>(date.year()),
                static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()));
  return buffer;
}

std::string AddressDomain(std::string_view address) {
  std::size_t at = address.rfind('@');
  if (at == std::string_view::npos || at + 1 >= address.size()) return "localhost";
  return std::string(address.substr(at + 1));
}

std::string BuildMimeMessage(const MimeHeaders& headers, std::string_view plain_text,
                             std::string_view html) {
  std::string plain_part = EncodeQuotedPrintable(plain_text);
  std::string html_part = EncodeQuotedPrintable(html);
  // "=_" never occurs in quoted-printable ('=' is followed by hex digits or a line break),
  // so this boundary cannot occur in either part.
  std::string boundary = "=_kpiwatch_" + std::to_string(headers.date.time_since_epoch().count());
  std::string to;
  for (const auto& address : headers.to) to += (to.empty() ? "" : ", ") + address;

  std::string out;
  out += "From: " + headers.from + "\r\n";
  out += "To: " + to + "\r\n";
  out += "Subject: " + EncodeHeaderValue(headers.subject) + "\r\n";
  out += "Date: " + FormatMailDate(headers.date) + "\r\n";
  out += "Message-ID: " + headers.message_id + "\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n";
  for (const auto& [name, value] : headers.extra)
    out += name + ": " + EncodeHeaderValue(value) + "\r\n";
  out += "\r\n";
  out += "This is a multipart message in MIME format.\r\n";
  out += "\r\n--" + boundary + "\r\n";
  out += "Content-Type: text/plain; charset=UTF-8\r\n";
  out += "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
  out += plain_part;
  out += "\r\n--" + boundary + "\r\n";
  out += "Content-Type: text/html; charset=UTF-8\r\n";
  out += "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
  out += html_part;
  out += "\r\n--" + boundary + "--\r\n";
  return out;
}

}  // namespace kpiwatch::notify
