#include "client/commands.h"

#include <CLI/CLI.hpp>
#include <cstdlib>

namespace kpiwatch::client {
namespace {
// The process exit code; set once by the command that ran (single-threaded CLI).
int& ExitCodeStorage() {
  static int code = 0;
  return code;
}
}  // namespace

void AddGlobalOptions(CLI::App& app, GlobalOptions& options) {
  app.add_option("--server", options.server, "kpiwatchd base URL")
      ->envname("KPIWATCH_SERVER")
      ->capture_default_str();
  app.add_option("--token", options.token, "bearer token")->envname("KPIWATCH_TOKEN");
  app.add_flag("--json", options.json, "print JSON instead of tables");
}

int ExitCode() { return ExitCodeStorage(); }
void SetExitCode(int code) { ExitCodeStorage() = code; }

}  // namespace kpiwatch::client
