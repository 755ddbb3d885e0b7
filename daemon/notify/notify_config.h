// Notification settings: recipient groups, SMTP, retry and the public base URL.
//
// Read from the `notify:` section of kpiwatchd.yaml (see daemon/config.cc and
// docs/notifications.md). Every field has its default beside it. Without an `smtp:`
// section mail goes to a maildir under <data_dir>/mail.
#pragma once

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "detectors/core/status.h"
#include "rules/domain/rule.h"

namespace kpiwatch::notify {

enum class Language { kEnglish, kDutch };
// "en", "nl".
const char* LanguageName(Language language);

enum class DeliveryMode { kImmediate, kDigest };
// "immediate", "digest".
const char* DeliveryModeName(DeliveryMode mode);

// A named set of addresses that receives alerts in one language.
struct RecipientGroup {
  std::string name;                              // required, referenced by rules' `notify`
  std::vector<std::string> addresses;            // required, at least one
  Language language = Language::kEnglish;        // language: en | nl
  DeliveryMode mode = DeliveryMode::kImmediate;  // mode: immediate | digest
  std::chrono::minutes digest_at{8 * 60};        // digest_at: "HH:MM" UTC, digest mode only
  Severity min_severity = Severity::kWarning;    // min_severity: info | warning | critical
  int hourly_cap = 20;  // hourly_cap: immediate messages per hour before switching to digest
};

enum class SmtpTls { kNone, kStartTls, kImplicit };
// "none", "starttls", "implicit".
const char* SmtpTlsName(SmtpTls tls);

struct SmtpSettings {
  std::string host;                          // required
  int port = 587;                            // port (465 is usual for implicit TLS)
  SmtpTls tls = SmtpTls::kStartTls;          // tls: none | starttls | implicit
  std::string username;                      // username: empty = no AUTH
  std::string password;                      // password
  std::chrono::seconds connect_timeout{10};  // connect_timeout_seconds
  std::chrono::seconds timeout{60};          // timeout_seconds: whole transaction
  bool verify_peer = true;                   // verify_peer: check the server certificate
};

struct RetrySettings {
  std::chrono::seconds initial{30};         // retry.initial_seconds: first retry delay
  std::chrono::seconds max{3600};           // retry.max_seconds: cap on one delay
  std::chrono::seconds give_up{48 * 3600};  // retry.give_up_hours: after this, give up
};

struct NotifyConfig {
  std::vector<RecipientGroup> groups;       // notify.groups
  std::optional<SmtpSettings> smtp;         // notify.smtp; none = maildir under <data_dir>/mail
  std::string from = "kpiwatch@localhost";  // notify.from: From address (also Message-ID domain)
  std::string base_url = "http://127.0.0.1:8470";  // notify.base_url: API URL in messages
  RetrySettings retry;                             // notify.retry

  // The group called `name`, or nullptr.
  const RecipientGroup* FindGroup(const std::string& name) const;
};

// Reads the `notify:` mapping into `config`, appending one ErrorDetail (file:line:column,
// field such as "notify.groups[1].language", reason) per bad value, unknown key (with a
// "did you mean" when one is close), missing required field or duplicate group name.
// Values that are fine are kept even when others are not.
void ReadNotifySection(const YAML::Node& section, const std::string& file, NotifyConfig& config,
                       std::vector<ErrorDetail>& errors);

}  // namespace kpiwatch::notify
