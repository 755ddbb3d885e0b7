// The CLI's command groups. Each Register* function adds its subcommands to the app;
// a subcommand's callback runs the command and records the process exit code.
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace kpiwatch::client {

// Options every daemon-talking command shares.
struct GlobalOptions {
  std::string server = "http://127.0.0.1:8470";  // --server, env KPIWATCH_SERVER
  std::string token;                             // --token, env KPIWATCH_TOKEN
  bool json = false;                             // --json: machine-readable output
};

void AddGlobalOptions(CLI::App& app, GlobalOptions& options);

// `detect`: run a detector offline on a CSV file (client/detect_command.cc).
void RegisterDetectCommand(CLI::App& app);
// `simulate`: write a simulated scenario (client/simulate_command.cc).
void RegisterSimulateCommand(CLI::App& app);
// ingest, indicators, series, history, status (client/daemon_commands.cc).
void RegisterDaemonCommands(CLI::App& app, GlobalOptions& options);
// `audit` and `audit verify` (client/audit_commands.cc).
void RegisterAuditCommands(CLI::App& app, GlobalOptions& options);

// alerts, alert, acknowledge, interpret, close, reopen, silences, silence (client/alert_commands.cc).
void RegisterAlertCommands(CLI::App& app, GlobalOptions& options);
// rules show|check|upload|versions|backtest (client/rule_commands.cc).
void RegisterRuleCommands(CLI::App& app, GlobalOptions& options);

// admin backup (client/admin_commands.cc).
void RegisterAdminCommands(CLI::App& app, GlobalOptions& options);
// `report`: an indicator's history report written to a file (client/report_command.cc).
void RegisterReportCommand(CLI::App& app, GlobalOptions& options);

// Exit code for main: 0 unless a command set another.
int ExitCode();
// Called by commands: 1 = the command failed, 2 = bad usage/input.
void SetExitCode(int code);

}  // namespace kpiwatch::client
