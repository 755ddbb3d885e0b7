// Reading a whole (small) text file: catalogue, rules, tokens, spool files.
#pragma once

#include <filesystem>
#include <string>

#include "detectors/core/status.h"

namespace kpiwatch::daemon {

// The file's bytes; kIoError "cannot read <what> <path>: <reason>" when it cannot be read.
Result<std::string> ReadTextFile(const std::filesystem::path& path, const std::string& what);

}  // namespace kpiwatch::daemon
