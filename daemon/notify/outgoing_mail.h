// OutgoingMail: one finished e-mail, ready for a transport.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kpiwatch::notify {

struct OutgoingMail {
  std::string message_id;  // "<kpiwatch-alert-12-7@example.org>", stable across retries
  std::string from;        // envelope sender (MAIL FROM)
  std::vector<std::string> recipients;  // envelope recipients (RCPT TO)
  std::string data;                     // the whole RFC 5322 message, CRLF line ends
};

// "<kpiwatch-alert-<alert_id>-<seq>@<domain>>".
std::string AlertMessageId(std::uint64_t alert_id, std::uint64_t seq, const std::string& domain);
// "<kpiwatch-digest-<group>-<seq>@<domain>>".
std::string DigestMessageId(const std::string& group, std::uint64_t seq, const std::string& domain);

}  // namespace kpiwatch::notify
