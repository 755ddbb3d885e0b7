// Alert e-mail: pure functions from an alert and its context to a finished message.
//
// One message per alert (and per severity rise), in the recipient group's language.
// Content, in both parts (text/plain and text/html): what was found with the key
// numbers; the recent values with the flagged period marked and the target; the
// questions to answer before the number is used for steering; the exact
// `kpiwatch interpret` command and API URL; the rule and why it fired.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "daemon/notify/notify_config.h"
#include "daemon/notify/outgoing_mail.h"
#include "detectors/core/series.h"
#include "rules/domain/alert.h"

namespace kpiwatch::notify {

struct RecentValue {
  std::string period;  // label, e.g. "2024-03"
  double value = 0.0;
};

// What the message needs beyond the alert (the daemon reads it from the catalogue and
// the points store).
struct AlertMailContext {
  std::string indicator_name;        // catalogue name; the indicator id when empty
  std::string indicator_definition;  // what is counted; left out when empty
  std::optional<Target> target;
  std::vector<RecentValue> recent_values;  // oldest first, e.g. the last 12 periods
  std::string base_url;                    // the daemon's public base URL, no trailing slash
};

// Who gets it and how it is identified.
struct MailAddressing {
  std::string from;
  std::vector<std::string> to;
  std::string group;      // the recipient group's name (said in the message)
  std::uint64_t seq = 0;  // outbox sequence number, part of the Message-ID
  std::chrono::sys_seconds date{};
};

// The exact CLI command to record an interpretation of alert `alert_id`.
std::string InterpretCommand(std::uint64_t alert_id, Language language);
// POST URL for an interpretation: "<base_url>/v1/alerts/<id>/interpret".
std::string InterpretUrl(const std::string& base_url, std::uint64_t alert_id);

// The subject: "[kpiwatch] CRITICAL: <indicator name> (<unit>) - <finding kind>".
std::string AlertSubject(const Alert& alert, const AlertMailContext& context, Language language);
// The text/plain and text/html bodies.
std::string AlertPlainText(const Alert& alert, const AlertMailContext& context, Language language,
                           const std::string& group);
std::string AlertHtml(const Alert& alert, const AlertMailContext& context, Language language,
                      const std::string& group);

// The whole message, Message-ID AlertMessageId(alert.id, seq, domain of from), with
// X-Kpiwatch-Alert and X-Kpiwatch-Severity headers.
OutgoingMail BuildAlertMail(const Alert& alert, const AlertMailContext& context, Language language,
                            const MailAddressing& addressing);

}  // namespace kpiwatch::notify
