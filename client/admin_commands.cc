// `kpiwatch admin backup [--out DIR]`: have kpiwatchd write a consistent backup.
#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <iostream>
#include <memory>

#include "client/commands.h"
#include "client/daemon_call.h"

namespace kpiwatch::client {
namespace {

void Backup(const GlobalOptions& options, const std::string& out) {
  std::string body;
  if (!out.empty()) body = boost::json::serialize(boost::json::object{{"dir", out}});
  std::optional<boost::json::value> reply =
      CallJson(options, "POST", "/v1/admin/backup", body, body.empty() ? "" : "application/json");
  if (!reply) return;
  if (options.json) {
    std::cout << boost::json::serialize(*reply) << "\n";
    return;
  }
  const boost::json::object& report = reply->as_object();
  std::cout << "backup written to " << Field(report, "dir") << " on the daemon's host (" << Field(report, "bytes")
            << " bytes, audit records up to " << Field(report, "audit_seq") << ")\n"
            << "restore: copy it and start kpiwatchd --data-dir <copy>\n";
}

}  // namespace

void RegisterAdminCommands(CLI::App& app, GlobalOptions& options) {
  auto* admin = app.add_subcommand("admin", "operations on the daemon (admin role)");
  admin->require_subcommand(1);
  auto* backup = admin->add_subcommand("backup", "write a consistent backup of the daemon's database");
  auto out = std::make_shared<std::string>();
  backup->add_option("--out", *out,
                     "new directory for the backup, an absolute path on the daemon's host that must not exist "
                     "(default: <data_dir>/backups/<UTC time>)");
  backup->callback([&options, out] { Backup(options, *out); });
}

}  // namespace kpiwatch::client
