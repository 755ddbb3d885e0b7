// MailTransport: hands a finished message to the world. An interface only because
// tests swap it; production uses SmtpTransport (notify.smtp set) or MaildirTransport.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "daemon/notify/notify_config.h"
#include "daemon/notify/outgoing_mail.h"
#include "detectors/core/status.h"

namespace kpiwatch::notify {

class MailTransport {
 public:
  virtual ~MailTransport() = default;
  // Ok only when the message was accepted (SMTP 250 after DATA, or the file renamed
  // into maildir/new). kUnavailable for failures worth retrying (connection refused,
  // time-out, 4xx); kFailedPrecondition for permanent refusals (5xx, bad address);
  // kIoError for a maildir that cannot be written. A retry of the same message may
  // reach the recipient twice after an uncertain send; its Message-ID stays the same.
  virtual Status Send(const OutgoingMail& mail) = 0;
  // "smtp://host:587 (starttls)" or "maildir /var/kpiwatch/mail", for logs and /healthz.
  virtual std::string Describe() const = 0;
};

// SmtpTransport when `smtp` is set, else MaildirTransport on `maildir`.
std::unique_ptr<MailTransport> MakeTransport(const std::optional<SmtpSettings>& smtp,
                                             const std::filesystem::path& maildir);

}  // namespace kpiwatch::notify
