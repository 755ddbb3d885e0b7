// Digest e-mail: several alerts in one message, grouped by indicator and severity.
//
// A digest-mode group (or an immediate group over its hourly cap) collects one
// DigestEntry per alert in the outbox; at the flush time they become one message.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "daemon/notify/alert_message.h"

namespace kpiwatch::notify {

// What a digest says about one alert (kept in the outbox until the flush).
struct DigestEntry {
  std::uint64_t alert_id = 0;
  Severity severity = Severity::kWarning;
  std::string indicator;       // id
  std::string indicator_name;  // catalogue name, the id when unknown
  std::string unit;
  std::string rule;
  std::string kind;         // finding kind
  std::string period;       // flagged period
  std::string explanation;  // the finding's explanation
};

DigestEntry DigestEntryFor(const Alert& alert, const AlertMailContext& context);
boost::json::object DigestEntryToJson(const DigestEntry& entry);
// InvalidArgument naming the field when `json` is not a digest entry.
Result<DigestEntry> DigestEntryFromJson(const boost::json::value& json);

// "[kpiwatch] 3 alerts for controllers (1 x CRITICAL, 2 x WARNING)".
std::string DigestSubject(const std::vector<DigestEntry>& entries, Language language,
                          const std::string& group);
// The bodies: entries grouped by indicator (in name order), within it by severity
// (critical first), each with its period, unit, kind, rule, explanation and the
// interpret command and URL.
std::string DigestPlainText(const std::vector<DigestEntry>& entries, Language language,
                            const std::string& group, const std::string& base_url);
std::string DigestHtml(const std::vector<DigestEntry>& entries, Language language,
                       const std::string& group, const std::string& base_url);

// The whole message, Message-ID DigestMessageId(group, seq, domain of from).
OutgoingMail BuildDigestMail(const std::vector<DigestEntry>& entries, Language language,
                             const MailAddressing& addressing, const std::string& base_url);

}  // namespace kpiwatch::notify
