#include "tests/support/smtp_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/support/daemon_process.h"

namespace kpiwatch::testing {
namespace {

constexpr const char* kPython = "/usr/bin/python3";

std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

sockaddr_in Loopback(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

bool Accepts(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in address = Loopback(port);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

int FreeLoopbackPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in address = Loopback(0);
  socklen_t length = sizeof address;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  ::close(fd);
  return port;
}

bool SmtpServer::Available() {
  static const bool available = [] {
    if (::access(kPython, X_OK) != 0) return false;
    pid_t pid = Spawn({kPython, "-c", "import aiosmtpd.smtp"}, "/dev/null", {});
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }();
  return available;
}

SmtpServer::SmtpServer(std::filesystem::path directory) : directory_(std::move(directory)) {
  std::filesystem::create_directories(directory_);
  log_file_ = directory_.parent_path() / (directory_.filename().string() + ".smtp.log");
  port_ = FreeLoopbackPort();
}

SmtpServer::~SmtpServer() { Stop(); }

bool SmtpServer::Start() {
  if (pid_ > 0) return true;
  std::string script = std::string(KPIWATCH_SOURCE_DIR) + "/tests/support/smtp_sink.py";
  pid_ = Spawn({kPython, script, std::to_string(port_), directory_.string()}, log_file_, {});
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    if (Accepts(port_)) return true;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  Stop();
  return false;
}

void SmtpServer::Stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  int status = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (::waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  pid_ = -1;
}

std::vector<ReceivedMail> SmtpServer::Received() const {
  std::vector<std::filesystem::path> files;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(directory_, error)) {
    if (entry.path().extension() == ".eml" && entry.path().filename().string()[0] != '.') {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<ReceivedMail> received;
  for (const auto& file : files) {
    ReceivedMail mail;
    mail.data = Slurp(file);
    std::istringstream envelope(Slurp(std::filesystem::path(file).replace_extension(".envelope")));
    std::string line;
    if (std::getline(envelope, line)) mail.mail_from = line;
    while (std::getline(envelope, line)) mail.rcpt_to.push_back(line);
    received.push_back(std::move(mail));
  }
  return received;
}

std::string SmtpServer::log() const { return Slurp(log_file_); }

}  // namespace kpiwatch::testing
