#include "daemon/text_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace kpiwatch::daemon {

Result<std::string> ReadTextFile(const std::filesystem::path& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot read " + what + " " + path.string() + ": " + std::strerror(errno));
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return Status::IoError("cannot read " + what + " " + path.string());
  return content.str();
}

}  // namespace kpiwatch::daemon
