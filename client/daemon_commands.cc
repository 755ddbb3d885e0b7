// Placeholder until the command lands.
#include "client/commands.h"

namespace kpiwatch::client {

void RegisterDaemonCommands(CLI::App& app, GlobalOptions& options) {
  (void)app; (void)options;
}

}  // namespace kpiwatch::client
