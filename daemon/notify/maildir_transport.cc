#include "daemon/notify/maildir_transport.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstring>

#include "daemon/notify/smtp_transport.h"

namespace kpiwatch::notify {
namespace {

Status Errno(const std::string& what, const std::filesystem::path& path) {
  return Status::IoError(what + " " + path.string() + ": " + std::strerror(errno));
}

Status SyncDirectory(const std::filesystem::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return Errno("cannot open directory", dir);
  int result = ::fsync(fd);
  ::close(fd);
  return result == 0 ? Status::Ok() : Errno("cannot fsync directory", dir);
}

Status WriteAll(int fd, const std::string& data, const std::filesystem::path& path) {
  std::size_t written = 0;
  while (written < data.size()) {
    ssize_t n = ::write(fd, data.data() + written, data.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Errno("cannot write", path);
    written += static_cast<std::size_t>(n);
  }
  return Status::Ok();
}

}  // namespace

MaildirTransport::MaildirTransport(std::filesystem::path dir) : dir_(std::move(dir)) {}

std::string MaildirTransport::FileName(const std::string& message_id) {
  std::string name;
  for (char c : message_id) {
    if (c == '<' || c == '>') continue;
    bool keep =
        std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '@' || c == '-';
    name += keep ? c : '_';
  }
  return name + ".eml";
}

Status MaildirTransport::Send(const OutgoingMail& mail) {
  std::error_code error;
  for (const char* sub : {"tmp", "new", "cur"}) {
    std::filesystem::create_directories(dir_ / sub, error);
    if (error)
      return Status::IoError("cannot create maildir " + (dir_ / sub).string() + ": " +
                             error.message());
  }
  std::string data;
  data.reserve(mail.data.size());
  for (std::size_t i = 0; i < mail.data.size(); ++i) {
    if (mail.data[i] == '\r' && i + 1 < mail.data.size() && mail.data[i + 1] == '\n') continue;
    data += mail.data[i];
  }
  static std::atomic<std::uint64_t> counter{0};
  std::string name = FileName(mail.message_id);
  std::filesystem::path temporary =
      dir_ / "tmp" / (std::to_string(::getpid()) + "_" + std::to_string(++counter) + "_" + name);
  std::filesystem::path final_path = dir_ / "new" / name;

  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) return Errno("cannot create", temporary);
  Status status = WriteAll(fd, data, temporary);
  if (status.ok() && ::fsync(fd) != 0) status = Errno("cannot fsync", temporary);
  ::close(fd);
  if (status.ok() && ::rename(temporary.c_str(), final_path.c_str()) != 0) {
    status = Errno("cannot rename into", final_path);
  }
  if (!status.ok()) {
    ::unlink(temporary.c_str());
    return status;
  }
  return SyncDirectory(dir_ / "new");
}

std::string MaildirTransport::Describe() const { return "maildir " + dir_.string(); }

std::unique_ptr<MailTransport> MakeTransport(const std::optional<SmtpSettings>& smtp,
                                             const std::filesystem::path& maildir) {
  if (smtp) return std::make_unique<SmtpTransport>(*smtp);
  return std::make_unique<MaildirTransport>(maildir);
}

}  // namespace kpiwatch::notify
