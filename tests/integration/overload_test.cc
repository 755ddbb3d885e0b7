// Load above capacity on loopback: kpiwatchd with small limits (1 handler thread, a
// queue of 4, 12 connections, 1 MiB of request bodies in memory) gets 24 clients at
// once, each sending ~100 KB ingest batches and reads. It must refuse what it cannot
// take with 503 + Retry-After (or by closing a connection over the limit), keep its
// memory bounded, and lose none of the batches it acknowledged, also after a SIGKILL.
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "client/http_client.h"
#include "tests/support/daemon_process.h"
#include "tests/support/http_test_connection.h"
#include "tests/support/proc_status.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_catalogue.h"

namespace kpiwatch {
namespace {

constexpr int kClients = 24;
constexpr int kRequestsEach = 6;
constexpr int kUnitsPerBatch = 20;  // x 120 months = 2,400 rows, ~100 KB per batch
// The RSS bound. AddressSanitizer (make test-asan) keeps freed memory in quarantine and
// adds shadow memory, roughly tripling RSS, so its build gets three times the bound. (GCC
// says so with __SANITIZE_ADDRESS__, clang 14 only through __has_feature.)
#if defined(__SANITIZE_ADDRESS__)
#define KPIWATCH_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KPIWATCH_UNDER_ASAN 1
#endif
#endif
#if defined(KPIWATCH_UNDER_ASAN)
constexpr long kMemoryCapKb = 3 * 300 * 1024;
#else
constexpr long kMemoryCapKb = 300 * 1024;
#endif

// The batch a client sends as its request `request`: its own units, so each batch can be
// checked on its own afterwards.
std::string UnitOf(int client, int request, int unit) {
  return "c" + std::to_string(client) + "r" + std::to_string(request) + "u" + std::to_string(unit);
}
std::string Batch(int client, int request) {
  std::string csv = "indicator,unit,period,value\n";
  for (int unit = 0; unit < kUnitsPerBatch; ++unit) {
    for (int month = 0; month < 120; ++month) {
      csv += "werk.uitstroom," + UnitOf(client, request, unit) + "," +
             std::to_string(2015 + month / 12) + "-" + (month % 12 < 9 ? "0" : "") +
             std::to_string(month % 12 + 1) + "," + std::to_string(month + client) + "\n";
    }
  }
  return csv;
}

struct Tally {
  std::mutex mutex;
  int ok = 0;
  int refused = 0;       // 503 with Retry-After
  int cut_off = 0;       // connection closed over the connection limit
  std::vector<std::string> unexpected;
  std::vector<std::pair<int, int>> acknowledged;  // (client, request) of 2xx ingests
  std::vector<std::pair<int, int>> not_acknowledged;
};

TEST(OverloadTest, RefusesWithRetryAfterKeepsMemoryBoundedAndLosesNothingAcknowledged) {
  testing::TempDir dir;
  testing::WriteFile(dir / "catalogue.yaml", std::string("indicators:\n") + testing::kUitstroomEntry);
  testing::WriteFile(dir / "kpiwatchd.yaml",
                     "http:\n  worker_threads: 1\n  max_queued_requests: 4\n"
                     "  max_connections: 12\n  max_inflight_body_mb: 1\n");
  const std::vector<std::string> args = {"--catalogue", (dir / "catalogue.yaml").string(),
                                         "--config", (dir / "kpiwatchd.yaml").string()};
  auto daemon = std::make_unique<testing::DaemonProcess>(dir / "var", args);
  ASSERT_TRUE(daemon->Start()) << daemon->log();
  const std::uint16_t port = static_cast<std::uint16_t>(daemon->port());

  Tally tally;
  std::vector<std::thread> clients;
  for (int client = 0; client < kClients; ++client) {
    clients.emplace_back([&, client] {
      for (int request = 0; request < kRequestsEach; ++request) {
        const bool ingest = (client + request) % 3 != 0;
        try {
          http::testing::TestConnection connection(port);
          auto response = ingest ? connection.Send("POST", "/v1/observations", Batch(client, request),
                                                   {{"Content-Type", "text/csv"}})
                                 : connection.Send("GET", "/v1/series/werk.uitstroom/" +
                                                              UnitOf(client, 0, 0));
          const int status = static_cast<int>(response.result_int());
          std::lock_guard lock(tally.mutex);
          if (status / 100 == 2) {
            ++tally.ok;
            if (ingest) tally.acknowledged.emplace_back(client, request);
          } else if (status == 503 && response[boost::beast::http::field::retry_after] == "1") {
            ++tally.refused;
            if (ingest) tally.not_acknowledged.emplace_back(client, request);
          } else {
            tally.unexpected.push_back(std::to_string(status) + " " + response.body());
          }
        } catch (const boost::system::system_error&) {  // closed over the connection limit
          std::lock_guard lock(tally.mutex);
          ++tally.cut_off;
          if (ingest) tally.not_acknowledged.emplace_back(client, request);
        }
      }
    });
  }
  for (std::thread& client : clients) client.join();

  EXPECT_TRUE(tally.unexpected.empty()) << tally.unexpected.front();
  EXPECT_GT(tally.ok, 0);
  EXPECT_GT(tally.refused + tally.cut_off, 0) << "the load did not exceed capacity";
  const long peak_kb = testing::ProcStatusKb(daemon->pid(), "VmHWM");
  EXPECT_GT(peak_kb, 0);
  EXPECT_LT(peak_kb, kMemoryCapKb) << "peak RSS " << peak_kb << " kB";
  std::printf("overload: %d answered, %d refused with 503, %d connections cut off, %zu batches "
              "acknowledged, peak RSS %ld kB\n",
              tally.ok, tally.refused, tally.cut_off, tally.acknowledged.size(), peak_kb);

  // A crash right after the load loses nothing that was acknowledged.
  daemon->Kill();
  daemon = std::make_unique<testing::DaemonProcess>(dir / "var", args);
  ASSERT_TRUE(daemon->Start()) << daemon->log();
  const auto points = [&](const std::string& unit) {
    Result<client::HttpReply> reply =
        client::HttpCall(daemon->url(), "GET", "/v1/series/werk.uitstroom/" + unit);
    if (!reply.ok() || reply->status != 200) return std::size_t{0};
    return boost::json::parse(reply->body).at("points").as_array().size();
  };
  for (const auto& [client, request] : tally.acknowledged) {
    for (int unit = 0; unit < kUnitsPerBatch; ++unit) {
      ASSERT_EQ(points(UnitOf(client, request, unit)), 120u) << UnitOf(client, request, unit);
    }
  }
  for (const auto& [client, request] : tally.not_acknowledged) {
    // A refused batch was never read, so none of it is stored.
    ASSERT_EQ(points(UnitOf(client, request, 0)), 0u) << UnitOf(client, request, 0);
  }
}

}  // namespace
}  // namespace kpiwatch
