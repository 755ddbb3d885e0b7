// Store scale: start-up time and memory of the real kpiwatchd on a store with 100,000
// series and 10 million observations (targets: start-up < 2 s, RSS < 300 MB).
//
// Build: kpiwatchd (fork/exec, tests/support/daemon_process.h) with an empty rule set and
// storage.sync_writes off (building only; the measured start has fsync on) receives the
// synthetic load of tests/support/synthetic_load.h over HTTP as CSV batches from 2
// clients, so the store holds exactly what ingest writes (points, series index, audit).
// The daemon is then killed with SIGKILL, as in a crash. Measure, three times: kpiwatchd is
// started again on that store (fsync on) with no rules, first after the crash (RocksDB
// replays its write-ahead log) and then after that start's clean stop (which flushed the
// memtables), and finally with the shipped default rule set (its start-up catch-up round
// evaluates every series, as after a real restart). Start-up = fork until GET /healthz answers 200 (DaemonProcess finds the
// port in the log, polled every 20 ms). VmRSS and VmHWM of the daemon (/proc/<pid>/status)
// are printed after start-up, after reads (indicator list and steering, series reads,
// alerts) and, with rules, once the catch-up round has finished (or the wait limit or a
// 4 GB RSS guard was reached). Figures are printed with PASS/MISS; nothing fails.
// Usage: store_scale_bench [observations=10000000] [batch_rows=100000] [catch_up_wait_s=300]
#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "client/http_client.h"
#include "rules/evaluation/default_rules.h"
#include "tests/support/daemon_process.h"
#include "tests/support/proc_status.h"
#include "tests/support/synthetic_load.h"
#include "tests/support/temp_dir.h"

namespace {

using Clock = std::chrono::steady_clock;
using kpiwatch::testing::DaemonProcess;
constexpr int kClients = 2;

[[noreturn]] void Fail(const std::string& what, const DaemonProcess* daemon = nullptr) {
  std::fprintf(stderr, "store_scale_bench: %s\n%s", what.c_str(), daemon ? daemon->log().c_str() : "");
  std::exit(1);
}

double Seconds(Clock::duration duration) { return std::chrono::duration<double>(duration).count(); }

// GET that must answer 200; returns the body.
std::string Get(const DaemonProcess& daemon, const std::string& target) {
  auto reply = kpiwatch::client::HttpCall(daemon.url(), "GET", target);
  if (!reply.ok() || reply->status != 200) {
    Fail("GET " + target + ": " + (reply.ok() ? std::to_string(reply->status) + " " + reply->body
                                               : reply.status().ToString()));
  }
  return reply->body;
}

// Sends rows [0, total) in batches; a 503 (back-pressure) is retried after its pause.
void Load(const DaemonProcess& daemon, long total, long batch_rows) {
  std::atomic<long> next{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&] {
      for (long first = next.fetch_add(batch_rows); first < total; first = next.fetch_add(batch_rows)) {
        std::string body = kpiwatch::testing::SyntheticCsv(first, std::min(first + batch_rows, total));
        for (;;) {
          auto reply = kpiwatch::client::HttpCall(daemon.url(), "POST", "/v1/observations", body, "text/csv", "",
                                                  std::chrono::seconds(300));
          if (reply.ok() && reply->status == 200) break;
          if (reply.ok() && reply->status == 503) {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            continue;
          }
          Fail("ingest failed: " + (reply.ok() ? reply->body : reply.status().ToString()), &daemon);
        }
      }
    });
  }
  for (std::thread& client : clients) client.join();
}

void PrintMemory(const char* when, const DaemonProcess& daemon) {
  long rss = kpiwatch::testing::ProcStatusKb(daemon.pid(), "VmRSS");
  long hwm = kpiwatch::testing::ProcStatusKb(daemon.pid(), "VmHWM");
  std::printf("RSS %-34s VmRSS %7.1f MB   VmHWM %7.1f MB   %s\n", when, rss / 1024.0, hwm / 1024.0,
              hwm >= 0 && hwm < 300 * 1024 ? "PASS (< 300 MB)" : "MISS (target < 300 MB)");
}

boost::json::object Scheduler(const DaemonProcess& daemon) {
  return boost::json::parse(Get(daemon, "/healthz")).as_object().at("scheduler").as_object();
}

// The log lines of the latest start (its first line is logged before RocksDB is opened),
// up to "http: listening": where start-up time goes.
std::string LatestStartLog(const DaemonProcess& daemon) {
  std::string log = daemon.log();
  std::size_t begin = log.rfind("no tokens file");
  begin = begin == std::string::npos ? 0 : log.rfind('\n', begin) + 1;
  std::size_t end = log.find("http: listening", begin);
  end = end == std::string::npos ? log.size() : log.find('\n', end) + 1;
  return log.substr(begin, end - begin);
}

// Starts kpiwatchd on the store, times start-up, prints memory after start-up, after
// reads and (with rules) after the catch-up round, then stops it.
void Measure(const std::filesystem::path& data_dir, const std::vector<std::string>& args, bool rules,
             int catch_up_wait) {
  DaemonProcess daemon(data_dir, args);
  Clock::time_point launched = Clock::now();
  if (!daemon.Start()) Fail("kpiwatchd did not start on the store", &daemon);
  for (;;) {
    auto reply = kpiwatch::client::HttpCall(daemon.url(), "GET", "/healthz");
    if (reply.ok() && reply->status == 200) break;
    if (Seconds(Clock::now() - launched) > 60) Fail("no /healthz within 60 s", &daemon);
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  double startup = Seconds(Clock::now() - launched);
  std::printf("start-up (fork/exec until /healthz 200): %.3f s   %s\n", startup,
              startup < 2.0 ? "PASS (< 2 s)" : "MISS (target < 2 s)");
  std::printf("daemon log of the start:\n%s", LatestStartLog(daemon).c_str());
  PrintMemory("after start-up:", daemon);

  Clock::time_point reads = Clock::now();
  Get(daemon, "/v1/indicators");
  for (int i = 0; i < 5; ++i) {
    Get(daemon, "/v1/indicators/" + kpiwatch::testing::SyntheticIndicatorId(i * 20));
    Get(daemon, "/v1/indicators/" + kpiwatch::testing::SyntheticIndicatorId(i * 20) + "/steering-status");
  }
  constexpr int kSeriesReads = 200;
  for (int s = 0; s < kSeriesReads; ++s) {
    long picked = (static_cast<long>(s) * 4999) % kpiwatch::testing::kSyntheticSeries;
    Get(daemon, "/v1/series/" + kpiwatch::testing::SyntheticIndicatorId(static_cast<int>(picked / 1000)) + "/" +
                    kpiwatch::testing::SyntheticUnitId(static_cast<int>(picked % 1000)));
  }
  Get(daemon, "/v1/alerts");
  std::printf("reads: indicator list, 5 indicators + steering status, %d series, alerts in %.2f s\n", kSeriesReads,
              Seconds(Clock::now() - reads));
  PrintMemory("after reads:", daemon);
  if (rules) {
    // Bounded in time and memory: the bench must not take the machine down.
    constexpr long kMemoryGuardKb = 4L << 20;
    Clock::time_point waiting = Clock::now();
    boost::json::object scheduler = Scheduler(daemon);
    auto running = [&] {
      return scheduler.at("rounds").to_number<long>() == 0 || scheduler.at("busy").as_bool() ||
             scheduler.at("queued").to_number<long>() > 0;
    };
    while (running() && Seconds(Clock::now() - waiting) < catch_up_wait &&
           kpiwatch::testing::ProcStatusKb(daemon.pid(), "VmRSS") < kMemoryGuardKb) {
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      scheduler = Scheduler(daemon);
    }
    bool finished = !running();
    std::printf("catch-up round: %s %.1f s after start-up (wait limit %d s, RSS guard 4 GB), %ld alerts raised\n",
                finished ? "finished" : "still running", Seconds(Clock::now() - launched), catch_up_wait,
                static_cast<long>(scheduler.at("alerts_raised").to_number<long>()));
    PrintMemory(finished ? "after the catch-up round:" : "while the catch-up runs:", daemon);
  }
  // A catch-up round still running would hold up SIGTERM; the store is not needed after.
  if (rules) {
    daemon.Kill();
  } else {
    daemon.Stop();
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress shows when piped
  long total = argc > 1 ? std::atol(argv[1]) : 10'000'000;
  long batch_rows = argc > 2 ? std::atol(argv[2]) : 100'000;
  int catch_up_wait = argc > 3 ? std::atoi(argv[3]) : 300;
  kpiwatch::testing::TempDir dir;
  kpiwatch::testing::WriteFile(dir / "catalogue.yaml", kpiwatch::testing::SyntheticCatalogue());
  kpiwatch::testing::WriteFile(dir / "no-rules.yaml", "rules: []\n");
  kpiwatch::testing::WriteFile(dir / "default-rules.yaml", std::string(kpiwatch::DefaultRulesYaml()));
  kpiwatch::testing::WriteFile(dir / "build.yaml", "storage: {sync_writes: false}\n");
  kpiwatch::testing::WriteFile(dir / "measure.yaml", "storage: {sync_writes: true}\n");
  const std::filesystem::path data_dir = dir / "var";
  long series = std::min(total, kpiwatch::testing::kSyntheticSeries);

  std::printf("building the store (%ld observations)...\n", total);
  {
    DaemonProcess builder(data_dir, {"--config", (dir / "build.yaml").string(), "--catalogue",
                                     (dir / "catalogue.yaml").string(), "--rules", (dir / "no-rules.yaml").string()});
    if (!builder.Start()) Fail("kpiwatchd did not start", &builder);
    Clock::time_point start = Clock::now();
    Load(builder, total, batch_rows);
    double took = Seconds(Clock::now() - start);
    std::printf("store: %ld observations over %ld series ingested over HTTP in %.1f s (%.0f observations/s; "
                "batches of %ld, %d clients, sync_writes off, no rules)\n",
                total, series, took, static_cast<double>(total) / took, batch_rows, kClients);
    builder.Kill();  // a crash: whatever the memtables held is only in the write-ahead log
  }
  std::uintmax_t bytes = 0, wal_bytes = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(data_dir / "db")) {
    if (!entry.is_regular_file()) continue;
    bytes += entry.file_size();
    if (entry.path().extension() == ".log") wal_bytes += entry.file_size();  // NNNNNN.log: the WAL
  }
  std::printf("store size on disk after the crash: %.0f MB, of which write-ahead log %.0f MB\n",
              static_cast<double>(bytes) / (1 << 20), static_cast<double>(wal_bytes) / (1 << 20));

  const std::vector<std::string> common = {"--config", (dir / "measure.yaml").string(), "--catalogue",
                                           (dir / "catalogue.yaml").string(), "--rules"};
  std::vector<std::string> serving = common, evaluating = common;
  serving.push_back((dir / "no-rules.yaml").string());
  evaluating.push_back((dir / "default-rules.yaml").string());
  std::printf("\n-- kpiwatchd with no rules, after the crash (write-ahead log replayed)\n");
  Measure(data_dir, serving, false, catch_up_wait);
  std::printf("\n-- kpiwatchd with no rules, after a clean stop (storage and serving only)\n");
  Measure(data_dir, serving, false, catch_up_wait);
  std::printf("\n-- kpiwatchd with the default rule set (catch-up round evaluates every series)\n");
  Measure(data_dir, evaluating, true, catch_up_wait);
  return 0;
}
