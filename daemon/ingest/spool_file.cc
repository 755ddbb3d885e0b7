#include "daemon/ingest/spool_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace kpiwatch::daemon {
namespace {

// Closes the descriptor on every path out of ReadSpoolFile.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

Result<std::string> ReadSpoolFile(const std::filesystem::path& file, std::size_t max_bytes) {
  const std::string name = file.filename().string();
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
  FileDescriptor fd(::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
  if (fd.get() < 0) {
    if (errno == ELOOP) {
      return Status::InvalidArgument(
          name + ": a symbolic link; spool files must be regular files in the spool directory");
    }
    return Status::IoError("cannot open spool file " + name + ": " + std::strerror(errno));
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) {
    return Status::IoError("cannot stat spool file " + name + ": " + std::strerror(errno));
  }
  if (!S_ISREG(info.st_mode)) {
    return Status::InvalidArgument(name + ": not a regular file; spool files must be regular files");
  }
  const auto size = static_cast<std::size_t>(info.st_size);
  if (size > max_bytes) {
    return Status::InvalidArgument(name + ": " + std::to_string(size) +
                                   " bytes, more than the ingest limit of " +
                                   std::to_string(max_bytes) + " (http.max_body_bytes)");
  }
  std::string content(size, '\0');
  std::size_t read_so_far = 0;
  while (read_so_far < size) {
    const ssize_t n = ::read(fd.get(), content.data() + read_so_far, size - read_so_far);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::IoError("cannot read spool file " + name + ": " + std::strerror(errno));
    if (n == 0) break;  // shrank while reading: take what is there
    read_so_far += static_cast<std::size_t>(n);
  }
  content.resize(read_so_far);
  return content;
}

}  // namespace kpiwatch::daemon
