// Reading one file from the spool directory without letting it reach outside.
//
// Spool files are opened with O_NOFOLLOW (a symbolic link is refused, also when one is
// swapped in after the directory was listed) and must be regular files no larger than
// the ingest size limit, so a link to /etc/... or a FIFO cannot leak or block, and an
// oversized file cannot exhaust memory. Refusals are InvalidArgument: the file goes to
// spool/rejected/ with the reason, like a file with bad rows.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "detectors/core/status.h"

namespace kpiwatch::daemon {

// The bytes of `file`. InvalidArgument when it is a symbolic link, not a regular file, or
// larger than max_bytes; IoError (retry later) when it cannot be opened or read.
Result<std::string> ReadSpoolFile(const std::filesystem::path& file, std::size_t max_bytes);

}  // namespace kpiwatch::daemon
