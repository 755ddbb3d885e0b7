// kpiwatchd: flags, config, signals. Everything else is in Daemon.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <functional>
#include <iostream>

#include "daemon/config.h"
#include "daemon/daemon.h"
#include "daemon/logging.h"

namespace {

// Waits for signals on `signals`: SIGTERM/SIGINT stop, SIGHUP reloads the catalogue.
// The signal set exists before the daemon starts, so a signal during start-up is queued
// rather than killing the process half-started.
void RunUntilStopped(kpiwatch::daemon::Daemon& daemon, boost::asio::io_context& signals_context,
                     boost::asio::signal_set& signals) {
  std::function<void(const boost::system::error_code&, int)> on_signal =
      [&](const boost::system::error_code& error, int signal_number) {
        if (error) return;
        if (signal_number == SIGHUP) {
          spdlog::info("SIGHUP: reloading the catalogue");
          daemon.ReloadCatalogue();
          signals.async_wait(on_signal);
          return;
        }
        spdlog::info("signal {}: shutting down", signal_number);
      };
  signals.async_wait(on_signal);
  signals_context.run();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"kpiwatchd: the kpiwatch daemon (ingest, detection, alerts)"};
  std::string config_file;
  std::string data_dir;
  std::string listen;
  std::string catalogue;
  std::string tokens;
  std::string log_level;
  app.add_option("--config", config_file, "daemon config (YAML)")->check(CLI::ExistingFile);
  app.add_option("--data-dir", data_dir, "data directory (default ./var)");
  app.add_option("--listen", listen, "address:port to serve HTTP on (default 127.0.0.1:8470)");
  app.add_option("--catalogue", catalogue, "indicator catalogue (YAML)");
  app.add_option("--tokens", tokens,
                 "bearer tokens and roles (YAML); without: loopback only, no authentication");
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error");
  CLI11_PARSE(app, argc, argv);

  kpiwatch::daemon::Config config;
  if (!config_file.empty()) {
    kpiwatch::Result<kpiwatch::daemon::Config> loaded = kpiwatch::daemon::LoadConfigFile(config_file);
    if (!loaded.ok()) {
      std::cerr << "kpiwatchd: " << loaded.status().ToString() << "\n";
      return 2;
    }
    config = *loaded;
  }
  if (!data_dir.empty()) config.data_dir = data_dir;
  if (!listen.empty()) config.listen = listen;
  if (!catalogue.empty()) config.catalogue = catalogue;
  if (!tokens.empty()) config.tokens_file = tokens;
  if (!log_level.empty()) config.log_level = log_level;
  if (kpiwatch::Status logging = kpiwatch::daemon::ConfigureLogging(config.log_level); !logging.ok()) {
    std::cerr << "kpiwatchd: " << logging.ToString() << "\n";
    return 2;
  }

  boost::asio::io_context signals_context;
  boost::asio::signal_set signals(signals_context, SIGINT, SIGTERM, SIGHUP);
  kpiwatch::daemon::Daemon daemon(config);
  if (kpiwatch::Status started = daemon.Start(); !started.ok()) {
    spdlog::critical("cannot start: {}", started.ToString());
    return 1;
  }
  RunUntilStopped(daemon, signals_context, signals);
  daemon.Stop();
  return 0;
}
