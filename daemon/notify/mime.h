// MIME building blocks for kpiwatch e-mail (RFC 2045, 2047, 5322).
//
// Pure functions over strings; every line of the output ends in CRLF. The message
// assembled by BuildMimeMessage is multipart/alternative with a text/plain and a
// text/html part, both UTF-8 and quoted-printable.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace kpiwatch::notify {

// Quoted-printable (RFC 2045 6.7) with CRLF line breaks: lines of at most 76 characters
// (soft breaks "=" CRLF), '=' and every non-ASCII or control byte as =XX, spaces and
// tabs before a line break encoded. Input lines may end in LF or CRLF.
std::string EncodeQuotedPrintable(std::string_view text);

// Standard base64 without line breaks.
std::string EncodeBase64(std::string_view bytes);

// A header value: unchanged when it is printable ASCII, otherwise RFC 2047 encoded-words
// "=?UTF-8?B?...?=" of at most 75 characters each, split on UTF-8 character boundaries
// and folded with CRLF SP. Invalid UTF-8 is encoded byte for byte.
std::string EncodeHeaderValue(std::string_view value);

// Escapes & < > " ' for HTML text and attribute values.
std::string EscapeHtml(std::string_view text);

// RFC 5322 date in UTC: "Wed, 02 Dec 2026 07:44:40 +0000".
std::string FormatMailDate(std::chrono::sys_seconds time);

// The domain part of an address ("kpiwatch@example.org" -> "example.org"); "localhost"
// when there is none.
std::string AddressDomain(std::string_view address);

struct MimeHeaders {
  std::string from;
  std::vector<std::string> to;
  std::string subject;     // UTF-8; encoded here
  std::string message_id;  // with angle brackets
  std::chrono::sys_seconds date{};
  std::vector<std::pair<std::string, std::string>> extra;  // e.g. X-Kpiwatch-Alert
};

// The whole message: headers (From, To, Subject, Date, Message-ID, MIME-Version,
// Content-Type multipart/alternative with a boundary that does not occur in either body,
// then `extra`), a text/plain part and a text/html part.
std::string BuildMimeMessage(const MimeHeaders& headers, std::string_view plain_text,
                             std::string_view html);

}  // namespace kpiwatch::notify
