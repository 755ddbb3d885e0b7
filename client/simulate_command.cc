// Placeholder until the command lands.
#include "client/commands.h"

namespace kpiwatch::client {

void RegisterSimulateCommand(CLI::App& app) {
  (void)app;
}

}  // namespace kpiwatch::client
