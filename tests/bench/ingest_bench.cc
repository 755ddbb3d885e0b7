// Ingest throughput: end-to-end over HTTP against raw RocksDB, in the same process.
//
// End-to-end: a real kpiwatchd (in-process Daemon on 127.0.0.1) receives CSV batches of
// 10,000 rows (1 million observations over 100,000 series) from 2 concurrent clients
// through the HTTP API: parse, validation against the catalogue, restatement look-ups, one
// WriteBatch per request, acknowledged once it is durable. Baseline: the same keys and
// encoded values written as raw RocksDB WriteBatches of 10,000 with the same options and
// durability (fsync per batch). Run twice: with no rules (the ingest path alone; the
// target, >= 0.7x raw) and with the shipped default rules, whose evaluation of every
// touched series runs on the same 2 cores meanwhile (reported, no target: it shows what
// evaluation takes from ingest when the machine has no spare core).
// Usage: ingest_bench [observations] [batch_rows].
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "client/http_client.h"
#include "daemon/daemon.h"
#include "daemon/store/database.h"
#include "daemon/store/key_encoding.h"
#include "daemon/store/point_codec.h"
#include "tests/support/synthetic_load.h"
#include "tests/support/temp_dir.h"

namespace {

using Clock = std::chrono::steady_clock;
using kpiwatch::testing::SyntheticIndicatorId;
using kpiwatch::testing::SyntheticRowAt;
using kpiwatch::testing::SyntheticUnitId;
constexpr int kClients = 2;  // concurrent HTTP clients

double RawRocksDb(const std::filesystem::path& path, long total, long batch_rows) {
  auto database = kpiwatch::store::Database::Open({.path = path, .sync_writes = true});
  if (!database.ok()) {
    std::fprintf(stderr, "%s\n", database.status().ToString().c_str());
    std::exit(1);
  }
  auto start = Clock::now();
  for (long first = 0; first < total; first += batch_rows) {
    rocksdb::WriteBatch batch;
    for (long r = first; r < first + batch_rows && r < total; ++r) {
      kpiwatch::testing::SyntheticRow row = SyntheticRowAt(r);
      batch.Put((*database)->handle(kpiwatch::store::Family::kPoints),
                kpiwatch::store::PointKey(SyntheticIndicatorId(row.indicator), SyntheticUnitId(row.unit), row.period),
                kpiwatch::store::EncodePoint({row.value, std::nullopt, 1700000000, 1, "http"}));
    }
    if (!(*database)->Write(batch).ok()) std::exit(1);
  }
  return static_cast<double>(total) / std::chrono::duration<double>(Clock::now() - start).count();
}

// with_rules false: an empty rule set; true: the stored-or-default rules (the defaults here).
double EndToEnd(const std::filesystem::path& dir, long total, long batch_rows, bool with_rules) {
  kpiwatch::testing::WriteFile(dir / "catalogue.yaml", kpiwatch::testing::SyntheticCatalogue());
  kpiwatch::daemon::Config config;
  config.data_dir = dir / "var";
  config.listen = "127.0.0.1:0";
  config.catalogue = dir / "catalogue.yaml";
  config.spool_enabled = false;
  config.log_level = "warn";
  if (!with_rules) {
    kpiwatch::testing::WriteFile(dir / "no-rules.yaml", "rules: []\n");
    config.rules = dir / "no-rules.yaml";
  }
  kpiwatch::daemon::Daemon daemon(config);
  if (kpiwatch::Status started = daemon.Start(); !started.ok()) {
    std::fprintf(stderr, "%s\n", started.ToString().c_str());
    std::exit(1);
  }
  std::vector<std::string> bodies;
  for (long first = 0; first < total; first += batch_rows) {
    bodies.push_back(kpiwatch::testing::SyntheticCsv(first, std::min(first + batch_rows, total)));
  }
  std::string url = "http://127.0.0.1:" + std::to_string(daemon.port());
  // Several clients, as real sources send: one parses while another's batch is written.
  auto start = Clock::now();
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      for (std::size_t b = static_cast<std::size_t>(c); b < bodies.size(); b += kClients) {
        auto reply = kpiwatch::client::HttpCall(url, "POST", "/v1/observations", bodies[b], "text/csv");
        if (!reply.ok() || reply->status != 200) {
          std::fprintf(stderr, "ingest failed: %s\n",
                       reply.ok() ? reply->body.c_str() : reply.status().ToString().c_str());
          std::exit(1);
        }
      }
    });
  }
  for (std::thread& client : clients) client.join();
  double rate = static_cast<double>(total) / std::chrono::duration<double>(Clock::now() - start).count();
  daemon.Stop();
  return rate;
}

}  // namespace

int main(int argc, char** argv) {
  long total = argc > 1 ? std::atol(argv[1]) : 1'000'000;
  long batch_rows = argc > 2 ? std::atol(argv[2]) : 10'000;
  kpiwatch::testing::TempDir raw_dir;
  kpiwatch::testing::TempDir daemon_dir;
  kpiwatch::testing::TempDir evaluating_dir;
  double raw = RawRocksDb(raw_dir.path(), total, batch_rows);
  double end_to_end = EndToEnd(daemon_dir.path(), total, batch_rows, false);
  double evaluating = EndToEnd(evaluating_dir.path(), total, batch_rows, true);
  std::printf("ingest: %ld observations, %ld series, batches of %ld rows, fsync per batch\n", total,
              kpiwatch::testing::kSyntheticSeries, batch_rows);
  std::printf("raw RocksDB WriteBatch:      %10.0f observations/s\n", raw);
  std::printf("end-to-end HTTP CSV ingest:  %10.0f observations/s (%d concurrent clients, no rules)\n",
              end_to_end, kClients);
  std::printf("ratio end-to-end / raw:      %10.2f (target >= 0.70) %s\n", end_to_end / raw,
              end_to_end / raw >= 0.7 ? "PASS" : "MISS");
  std::printf("with the default rules:      %10.0f observations/s, ratio %.2f (evaluation on the same cores)\n",
              evaluating, evaluating / raw);
  return 0;
}
