// Memory figures of a running process from /proc/<pid>/status, for benchmarks and
// resource-bound tests.
#pragma once

#include <sys/types.h>

#include <string>

namespace kpiwatch::testing {

// The value in kB of a "Name:   123 kB" line of /proc/<pid>/status ("VmRSS" = resident
// now, "VmHWM" = peak resident), or -1 when the process or the line does not exist.
long ProcStatusKb(pid_t pid, const std::string& field);

}  // namespace kpiwatch::testing
