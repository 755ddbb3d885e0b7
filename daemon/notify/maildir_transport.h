// MaildirTransport: writes each message as a file into a maildir (the default when no
// SMTP server is configured), readable with any mail client.
//
// <dir>/tmp, <dir>/new and <dir>/cur are created on first use. A message is written to
// tmp/, fsynced, then renamed into new/<message id>.eml and the directory fsynced, so a
// reader never sees half a message. The file name comes from the Message-ID, so a retry
// after a crash between the rename and the outbox removal replaces the same file
// instead of adding a second copy. Line ends are LF, as maildir readers expect.
#pragma once

#include <filesystem>

#include "daemon/notify/transport.h"

namespace kpiwatch::notify {

class MaildirTransport final : public MailTransport {
 public:
  explicit MaildirTransport(std::filesystem::path dir);
  Status Send(const OutgoingMail& mail) override;
  std::string Describe() const override;

  // new/<name>.eml for a Message-ID: the id without angle brackets, with every character
  // outside [A-Za-z0-9._@-] replaced by '_'.
  static std::string FileName(const std::string& message_id);

 private:
  std::filesystem::path dir_;
};

}  // namespace kpiwatch::notify
