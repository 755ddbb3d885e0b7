// kpiwatch: the command-line client. Wiring only: each command group lives in its own
// file and registers itself on the CLI11 app.
#include <CLI/CLI.hpp>

#include "client/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"kpiwatch: watch the numbers you steer by (client for kpiwatchd)"};
  app.require_subcommand(1);
  app.fallthrough();  // --json, --server, --token may also follow the subcommand
  kpiwatch::client::GlobalOptions global;
  kpiwatch::client::AddGlobalOptions(app, global);
  kpiwatch::client::RegisterDetectCommand(app);
  kpiwatch::client::RegisterSimulateCommand(app);
  kpiwatch::client::RegisterDaemonCommands(app, global);
  kpiwatch::client::RegisterAlertCommands(app, global);
  kpiwatch::client::RegisterRuleCommands(app, global);
  kpiwatch::client::RegisterAuditCommands(app, global);
  kpiwatch::client::RegisterAdminCommands(app, global);
  kpiwatch::client::RegisterReportCommand(app, global);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  }
  return kpiwatch::client::ExitCode();
}
