// The keys kpiwatchd.yaml accepts outside the `notify:` section ("storage.sync_writes", ...),
// so a test can check that docs/operations.md documents every one of them.
#pragma once

#include <string>
#include <vector>

namespace kpiwatch::daemon {

// Every accepted key, "section.key" for nested ones, in sorted order ("notify" is one key
// here; its own keys are read by notify::ReadNotifySection).
std::vector<std::string> ConfigKeys();

}  // namespace kpiwatch::daemon
