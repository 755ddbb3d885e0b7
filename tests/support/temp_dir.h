// A temporary directory removed (recursively) when the object goes out of scope.
#pragma once

#include <filesystem>
#include <string>

namespace kpiwatch::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // path() / name
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// Writes `content` to `path` (creating parent directories); fails the test on error.
void WriteFile(const std::filesystem::path& path, const std::string& content);
// The whole file; fails the test when it cannot be read.
std::string ReadFile(const std::filesystem::path& path);

}  // namespace kpiwatch::testing
