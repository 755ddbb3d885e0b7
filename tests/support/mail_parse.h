// A small MIME reader for tests: headers, RFC 2047 subjects, multipart/alternative
// parts with quoted-printable or base64 bodies. Enough to check what kpiwatch sends;
// not a general mail parser.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace kpiwatch::testing {

struct MailPart {
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;                            // decoded, LF line ends
};

struct ParsedMail {
  std::map<std::string, std::string> headers;         // lower-case names, unfolded, raw values
  std::vector<MailPart> parts;                        // the parts of a multipart message
  std::string Header(const std::string& name) const;  // "" when absent
  // The decoded body of the first part whose Content-Type starts with `type`.
  std::string Part(const std::string& type) const;
};

// Accepts CRLF or LF line ends.
ParsedMail ParseMail(const std::string& text);
std::string DecodeQuotedPrintable(const std::string& text);
std::string DecodeBase64(const std::string& text);
// Decodes "=?UTF-8?B?...?=" and "=?UTF-8?Q?...?=" words; other text unchanged.
std::string DecodeHeader(const std::string& value);

}  // namespace kpiwatch::testing
