// SmtpServer: a real SMTP server on loopback for tests (aiosmtpd under Debian's
// /usr/bin/python3, running tests/support/smtp_sink.py), saving every accepted message.
//
// The port is chosen once (ephemeral) and kept across Stop()/Start(), so a test can
// take the server down and bring it back on the same address. Tests call
// SmtpServer::Available() first and GTEST_SKIP when it is false.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace kpiwatch::testing {

struct ReceivedMail {
  std::string mail_from;             // envelope sender
  std::vector<std::string> rcpt_to;  // envelope recipients
  std::string data;                  // the message as received
};

class SmtpServer {
 public:
  // Whether /usr/bin/python3 can import aiosmtpd (python3-aiosmtpd is installed).
  static bool Available();

  // Messages are saved under `directory` (created when missing).
  explicit SmtpServer(std::filesystem::path directory);
  ~SmtpServer();  // Stop()
  SmtpServer(const SmtpServer&) = delete;
  SmtpServer& operator=(const SmtpServer&) = delete;

  // Starts the server and waits (up to 10 s) until it accepts connections; false when it
  // did not come up (its output is in log()).
  bool Start();
  // SIGTERM and wait. Idempotent.
  void Stop();

  int port() const { return port_; }
  // Every message received so far, oldest first.
  std::vector<ReceivedMail> Received() const;
  std::string log() const;

 private:
  std::filesystem::path directory_;
  std::filesystem::path log_file_;
  int port_ = 0;
  pid_t pid_ = -1;
};

// A free TCP port on 127.0.0.1 (bound and released at once).
int FreeLoopbackPort();

}  // namespace kpiwatch::testing
