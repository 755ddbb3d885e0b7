// Daemon configuration: kpiwatchd.yaml, overridden by command-line flags.
//
// Every field has its default here, beside it. docs/operations.md is the reference;
// daemon/dist/kpiwatchd.yaml is a commented example.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "daemon/notify/notify_config.h"
#include "detectors/core/status.h"

namespace kpiwatch::daemon {

struct Config {
  std::filesystem::path data_dir = "./var";        // RocksDB under data_dir/db, spool, mail
  std::string listen = "127.0.0.1:8470";           // address:port ([v6]:port for IPv6)
  std::optional<std::filesystem::path> catalogue;  // indicator catalogue YAML
  std::optional<std::filesystem::path> rules;      // rules YAML; unset: stored or default rules
  std::string log_level = "info";

  bool sync_writes = true;              // storage.sync_writes: fsync per write batch
  std::size_t block_cache_mb = 64;      // storage.block_cache_mb

  std::size_t max_body_bytes = 64 << 20;  // http.max_body_bytes: larger bodies get 413
  int worker_threads = 2;                 // http.worker_threads: handler threads
  std::chrono::seconds read_timeout{30};  // http.read_timeout_seconds
  // http.tokens_file: bearer tokens and roles (daemon/auth/tokens_file.h). Unset: no
  // authentication, and the daemon serves loopback addresses only.
  std::optional<std::filesystem::path> tokens_file;
  // http.tls.cert_file / http.tls.key_file: PEM certificate chain and private key; both
  // set -> the API is served over HTTPS only (TLS 1.2+); unset -> plain HTTP.
  std::optional<std::filesystem::path> tls_cert_file;
  std::optional<std::filesystem::path> tls_key_file;

  bool spool_enabled = true;                       // spool.enabled
  std::optional<std::filesystem::path> spool_dir;  // spool.dir (default data_dir/spool)
  std::chrono::milliseconds spool_poll{1000};      // spool.poll_interval_ms

  std::size_t scheduler_queue_capacity = 256;  // scheduler.queue_capacity: rounds before 503
  notify::NotifyConfig notify;  // notify: groups, smtp, from, base_url, retry

  std::filesystem::path database_dir() const { return data_dir / "db"; }
  std::filesystem::path spool_path() const { return spool_dir.value_or(data_dir / "spool"); }
  // The maildir used when notify.smtp is not set.
  std::filesystem::path mail_path() const { return data_dir / "mail"; }
};

// Reads a YAML config file; every unknown key or bad value is an error with
// file:line:column. Missing keys keep their defaults.
Result<Config> LoadConfigFile(const std::filesystem::path& path);

struct ListenAddress {
  std::string host;
  std::uint16_t port = 0;
};
// Splits "127.0.0.1:8470", "[::1]:8470", "localhost:0".
Result<ListenAddress> ParseListenAddress(const std::string& listen);

}  // namespace kpiwatch::daemon
