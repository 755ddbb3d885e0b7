// Alert latency: from the ingest acknowledgement (HTTP 200 of POST /v1/observations) to
// the alert's e-mail being in the outbox (target p99 < 100 ms), and on to the maildir.
//
// A real kpiwatchd (in-process Daemon on 127.0.0.1, port 0, fsync per batch as shipped)
// with the level-shift rule of tests/support/test_catalogue.h and one immediate recipient
// group without SMTP (maildir transport). Each sample posts 36 months of a new unit whose
// level shifts after month 24, so every batch raises exactly one alert; samples run one
// after the other. The e-mail is staged into the same RocksDB WriteBatch as the alert
// (daemon/notify/notifier.cc via AlertService's change hook), so the alert becoming
// readable through GET /v1/alerts?unit=U is the moment its message is in the outbox; the
// bench polls that every 0.5 ms. It also records (inotify) when the delivery worker has
// moved the message out of the outbox into data_dir/mail/new: the whole path to a mail.
// Both bound the outbox time from above (the end of the first GET that shows the alert
// by up to one GET, whose cost grows with the alerts stored); the outbox figure is the
// earlier of the two.
// Usage: alert_latency_bench [samples] (default 300).
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "client/http_client.h"
#include "daemon/daemon.h"
#include "daemon/logging.h"
#include "tests/support/latency_summary.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_catalogue.h"

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kMonths = 36;

// Immediate mail for every alert: no hourly switch to the digest within the run.
constexpr const char* kConfig = R"(notify:
  groups:
    - name: controllers
      addresses: [controller@gemeente.example]
      hourly_cap: 1000000
)";

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "alert_latency_bench: %s\n", what.c_str());
  std::exit(1);
}

// 36 months of werk.uitstroom for `unit`: 24 around 40, then 12 around 60 (exact decimals).
std::string ShiftedBatch(const std::string& unit, int sample) {
  std::ostringstream csv;
  csv << "indicator,unit,period,value\n";
  for (int month = 0; month < kMonths; ++month) {
    int year = 2024 + month / 12, in_year = month % 12 + 1;
    csv << "werk.uitstroom," << unit << "," << year << (in_year < 10 ? "-0" : "-") << in_year << ","
        << (month < 24 ? 40 : 60) + (sample * 7 + month * 3) % 5 - 2 << "\n";
  }
  return csv.str();
}

// Times at which files were moved into a maildir's new/ (the maildir transport writes in
// tmp/ and renames), in arrival order.
class MaildirWatch {
 public:
  explicit MaildirWatch(const std::filesystem::path& new_dir) : fd_(::inotify_init1(IN_CLOEXEC | IN_NONBLOCK)) {
    if (fd_ < 0 || ::inotify_add_watch(fd_, new_dir.c_str(), IN_MOVED_TO) < 0) {
      Fail("cannot watch " + new_dir.string());
    }
    thread_ = std::thread([this] { Loop(); });
  }
  ~MaildirWatch() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }
  // The arrival time of the `index`-th file (0-based), waiting up to `timeout`.
  std::optional<Clock::time_point> Arrival(std::size_t index, std::chrono::seconds timeout) {
    std::unique_lock lock(mutex_);
    if (!arrived_.wait_for(lock, timeout, [&] { return arrivals_.size() > index; })) return std::nullopt;
    return arrivals_[index];
  }

 private:
  void Loop() {
    alignas(inotify_event) char buffer[4096];
    while (!stop_) {
      pollfd ready{fd_, POLLIN, 0};
      if (::poll(&ready, 1, 100) <= 0) continue;
      ssize_t length = ::read(fd_, buffer, sizeof buffer);
      Clock::time_point now = Clock::now();
      for (ssize_t offset = 0; offset < length;) {
        const auto* event = reinterpret_cast<const inotify_event*>(buffer + offset);
        offset += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
        std::lock_guard lock(mutex_);
        arrivals_.push_back(now);
      }
      arrived_.notify_all();
    }
  }

  int fd_;
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<Clock::time_point> arrivals_;
  std::thread thread_;
};

double Milliseconds(Clock::duration duration) { return std::chrono::duration<double, std::milli>(duration).count(); }

void PrintLine(const char* what, const kpiwatch::testing::LatencySummary& summary) {
  std::printf("%-44s p50 %7.2f ms   p99 %7.2f ms   max %7.2f ms\n", what, summary.p50, summary.p99, summary.max);
}

}  // namespace

int main(int argc, char** argv) {
  int samples = argc > 1 ? std::atoi(argv[1]) : 300;
  kpiwatch::testing::TempDir dir;
  kpiwatch::testing::WriteFile(dir / "catalogue.yaml",
                               std::string("indicators:\n") + kpiwatch::testing::kUitstroomEntry);
  kpiwatch::testing::WriteFile(dir / "rules.yaml", kpiwatch::testing::kLevelShiftRules);
  kpiwatch::testing::WriteFile(dir / "kpiwatchd.yaml", kConfig);
  kpiwatch::Result<kpiwatch::daemon::Config> loaded = kpiwatch::daemon::LoadConfigFile(dir / "kpiwatchd.yaml");
  if (!loaded.ok()) Fail(loaded.status().ToString());
  kpiwatch::daemon::Config config = *loaded;
  config.data_dir = dir / "var";
  config.listen = "127.0.0.1:0";
  config.catalogue = dir / "catalogue.yaml";
  config.rules = dir / "rules.yaml";
  config.spool_enabled = false;
  config.log_level = "warn";
  if (kpiwatch::Status logging = kpiwatch::daemon::ConfigureLogging(config.log_level); !logging.ok()) {
    Fail(logging.ToString());
  }
  // The transport makes the maildir on first delivery; the watch needs it now.
  std::filesystem::create_directories(config.mail_path() / "new");
  kpiwatch::daemon::Daemon daemon(config);
  if (kpiwatch::Status started = daemon.Start(); !started.ok()) Fail(started.ToString());
  const std::string url = "http://127.0.0.1:" + std::to_string(daemon.port());
  MaildirWatch maildir(config.mail_path() / "new");

  std::vector<double> to_outbox, to_maildir;
  for (int sample = 0; sample < samples; ++sample) {
    const std::string unit = "u" + std::to_string(sample);
    auto reply = kpiwatch::client::HttpCall(url, "POST", "/v1/observations", ShiftedBatch(unit, sample), "text/csv");
    Clock::time_point acknowledged = Clock::now();
    if (!reply.ok() || reply->status != 200) {
      Fail("ingest failed: " + (reply.ok() ? reply->body : reply.status().ToString()));
    }
    const std::string query = "/v1/alerts?unit=" + unit + "&limit=1";
    Clock::time_point seen;
    for (;;) {
      auto alerts = kpiwatch::client::HttpCall(url, "GET", query);
      seen = Clock::now();
      if (!alerts.ok() || alerts->status != 200) Fail("GET /v1/alerts failed");
      if (alerts->body.find("\"id\"") != std::string::npos) break;
      if (seen - acknowledged > std::chrono::seconds(10)) Fail("no alert for " + unit + " within 10 s");
      std::this_thread::sleep_for(std::chrono::microseconds(500));
    }
    std::optional<Clock::time_point> mailed = maildir.Arrival(static_cast<std::size_t>(sample), std::chrono::seconds(10));
    if (!mailed) Fail("no mail for " + unit + " within 10 s");
    // A message is delivered only after it was in the outbox: the earlier of the two bounds.
    to_outbox.push_back(Milliseconds(std::min(seen, *mailed) - acknowledged));
    to_maildir.push_back(Milliseconds(*mailed - acknowledged));
  }
  daemon.Stop();

  kpiwatch::testing::LatencySummary outbox = kpiwatch::testing::Summarize(to_outbox);
  kpiwatch::testing::LatencySummary mail = kpiwatch::testing::Summarize(to_maildir);
  std::printf("alert latency: %zu samples, one alert per ingest batch (36 rows), fsync per batch\n", outbox.count);
  PrintLine("ack -> message in outbox (upper bound):", outbox);
  PrintLine("ack -> mail delivered to maildir new/:", mail);
  // Each round reads every stored point of the indicator (daemon/scheduler/scheduler.cc),
  // so the latency grows with the units stored: show the first and the last 50 samples.
  if (to_outbox.size() >= 100) {
    auto part = [&](std::size_t from) {
      return kpiwatch::testing::Summarize({to_outbox.begin() + static_cast<long>(from),
                                           to_outbox.begin() + static_cast<long>(from + 50)});
    };
    std::printf("ack -> outbox p50 of samples 1-50: %.2f ms, of the last 50 (%zu units stored): %.2f ms\n",
                part(0).p50, to_outbox.size(), part(to_outbox.size() - 50).p50);
  }
  std::printf("target: p99 ack -> outbox < 100 ms: %s\n", outbox.p99 < 100.0 ? "PASS" : "MISS");
  return 0;
}
