// SmtpTransport: sends through an SMTP server with libcurl (no hand-written SMTP).
//
// tls none: smtp:// in clear; starttls: smtp:// with STARTTLS required
// (CURLUSESSL_ALL); implicit: smtps://. AUTH when a username is set. One connection per
// message; the connect and total time-outs come from the settings. Thread-compatible:
// one Send at a time per object (the delivery worker has one thread).
#pragma once

#include "daemon/notify/transport.h"

namespace kpiwatch::notify {

class SmtpTransport final : public MailTransport {
 public:
  explicit SmtpTransport(SmtpSettings settings);
  Status Send(const OutgoingMail& mail) override;
  std::string Describe() const override;

 private:
  SmtpSettings settings_;
};

}  // namespace kpiwatch::notify
