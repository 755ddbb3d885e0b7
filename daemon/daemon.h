// Daemon: kpiwatchd's services wired together, started and stopped in order.
//
// Start(): open RocksDB, load the catalogue, start ingest, the HTTP server and the
// spool watcher. Stop(): stop taking work (HTTP, spool), let in-flight requests
// finish, then close RocksDB. main.cc only parses flags and handles signals.
#pragma once

#include <memory>

#include "daemon/config.h"

namespace kpiwatch::daemon {

class Daemon {
 public:
  explicit Daemon(Config config);
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Any error leaves nothing running (the database is closed again).
  Status Start();
  // Re-reads the catalogue file (SIGHUP); an invalid file is logged and the running
  // catalogue stays.
  void ReloadCatalogue();
  // Re-reads the rules file (SIGHUP); an invalid file is logged and the running rules stay.
  void ReloadRules();
  // Idempotent.
  void Stop();
  // The bound HTTP port (useful with listen port 0).
  std::uint16_t port() const;

 private:
  struct Parts;
  Config config_;
  std::unique_ptr<Parts> parts_;
};

}  // namespace kpiwatch::daemon
