// The HTTP server over real sockets on 127.0.0.1 (ephemeral ports).
#include "daemon/http/server.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daemon/http/responses.h"
#include "daemon/metrics/registry.h"
#include "tests/support/http_test_connection.h"

namespace kpiwatch::http {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::ConnectionRefused;
using testing::RawResponse;
using testing::TestConnection;

// Holds handlers until the test opens it.
class Gate {
 public:
  void Enter() {
    std::unique_lock lock(mutex_);
    ++entered_;
    changed_.notify_all();
    changed_.wait(lock, [this] { return open_; });
  }
  // True when `count` handlers have entered within 10 s.
  bool WaitEntered(int count) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(10), [&] { return entered_ >= count; });
  }
  void Open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int entered_ = 0;
  bool open_ = false;
};

std::string ErrorCode(const RawResponse& response) {
  return std::string(boost::json::parse(response.body()).at("error").at("code").as_string());
}

class HttpServerTest : public ::testing::Test {
 protected:
  HttpServerTest() {
    router_.Add("GET", "/v1/items/{id}", [this](const Request& request) {
      ++handled_;
      return TextResponse(200, "item " + request.path_params.at("id"));
    });
    router_.Add("POST", "/v1/echo", [](const Request& request) {
      boost::json::object echo{{"content_type", request.ContentType()},
                               {"token", request.BearerToken().value_or("")},
                               {"x", request.query.count("x") ? request.query.at("x") : ""},
                               {"body", request.body},
                               {"remote", request.remote_address}};
      return JsonResponse(200, echo);
    });
    router_.Add("GET", "/slow", [this](const Request&) {
      gate_.Enter();
      return TextResponse(200, "slow done");
    });
    router_.Add("POST", "/slow", [this](const Request& request) {
      gate_.Enter();
      return TextResponse(200, "slow got " + std::to_string(request.body.size()));
    });
    router_.Add("GET", "/boom", [](const Request&) -> Response {
      throw std::runtime_error("handler bug");
    });
  }

  void Start(ServerOptions options = {}) {
    options.port = 0;
    server_ = std::make_unique<Server>(options, router_, &metrics_);
    const Status status = server_->Start();
    ASSERT_TRUE(status.ok()) << status.ToString();
    ASSERT_NE(server_->port(), 0);
  }

  Router router_;
  metrics::Registry metrics_;
  Gate gate_;
  std::atomic<int> handled_{0};
  std::unique_ptr<Server> server_;
};

TEST_F(HttpServerTest, RoutesAndAnswersJsonErrors) {
  Start();
  TestConnection connection(server_->port());
  RawResponse ok = connection.Send("GET", "/v1/items/42");
  EXPECT_EQ(ok.result_int(), 200u);
  EXPECT_EQ(ok.body(), "item 42");
  EXPECT_EQ(ok[boost::beast::http::field::content_type], "text/plain; charset=utf-8");

  RawResponse missing = connection.Send("GET", "/nope");
  EXPECT_EQ(missing.result_int(), 404u);
  EXPECT_EQ(missing[boost::beast::http::field::content_type], "application/json");
  EXPECT_EQ(ErrorCode(missing), "not_found");

  RawResponse wrong_method = connection.Send("DELETE", "/v1/items/1");
  EXPECT_EQ(wrong_method.result_int(), 405u);
  EXPECT_EQ(wrong_method[boost::beast::http::field::allow], "GET");
}

TEST_F(HttpServerTest, HandlerSeesHeadersQueryBodyAndPeer) {
  Start();
  TestConnection connection(server_->port());
  RawResponse response = connection.Send(
      "POST", "/v1/echo?x=a%20b", "indicator,unit\n",
      {{"Content-Type", "text/csv; charset=utf-8"}, {"Authorization", "Bearer s3cret"}});
  ASSERT_EQ(response.result_int(), 200u);
  EXPECT_EQ(boost::json::parse(response.body()),
            boost::json::parse(R"({"content_type": "text/csv", "token": "s3cret", "x": "a b",
                                   "body": "indicator,unit\n", "remote": "127.0.0.1"})"));
}

TEST_F(HttpServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  Start();
  TestConnection connection(server_->port());
  for (int i = 0; i < 5; ++i) {
    RawResponse response = connection.Send("GET", "/v1/items/" + std::to_string(i));
    EXPECT_EQ(response.body(), "item " + std::to_string(i));
    EXPECT_TRUE(response.keep_alive());
  }
  EXPECT_EQ(handled_.load(), 5);
}

TEST_F(HttpServerTest, BodyOverTheLimitIs413AndClosesTheConnection) {
  ServerOptions options;
  options.max_body_bytes = 1024;
  Start(options);
  EXPECT_EQ(TestConnection(server_->port()).Send("POST", "/v1/echo", std::string(1024, 'a'))
                .result_int(),
            200u);

  TestConnection connection(server_->port());
  RawResponse response = connection.Send("POST", "/v1/echo", std::string(4096, 'a'));
  EXPECT_EQ(response.result_int(), 413u);
  EXPECT_EQ(ErrorCode(response), "payload_too_large");
  EXPECT_FALSE(response.keep_alive());
  EXPECT_TRUE(connection.ClosedByServer());
  EXPECT_THAT(metrics_.RenderPrometheus(),
              HasSubstr("kpiwatch_http_requests_total{method=\"POST\",route=\"/v1/echo\","
                        "status=\"413\"} 1\n"));
}

TEST_F(HttpServerTest, ChunkedBodyOverTheLimitIs413) {
  ServerOptions options;
  options.max_body_bytes = 1024;
  Start(options);
  TestConnection connection(server_->port());
  std::string chunked =
      "POST /v1/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 4; ++i) chunked += "200\r\n" + std::string(512, 'b') + "\r\n";
  chunked += "0\r\n\r\n";
  connection.WriteRaw(chunked);
  RawResponse response = connection.Read();
  EXPECT_EQ(response.result_int(), 413u);
  EXPECT_EQ(ErrorCode(response), "payload_too_large");
}

TEST_F(HttpServerTest, ExpectContinueGets100ThenTheAnswer) {
  Start();
  TestConnection connection(server_->port());
  connection.WriteRaw(
      "POST /v1/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_EQ(connection.Read().result_int(), 100u);
  connection.WriteRaw("hello");
  RawResponse response = connection.Read();
  EXPECT_EQ(response.result_int(), 200u);
  EXPECT_EQ(boost::json::parse(response.body()).at("body"), "hello");
}

TEST_F(HttpServerTest, MalformedTargetIs400) {
  Start();
  TestConnection connection(server_->port());
  connection.WriteRaw("GET items HTTP/1.1\r\nHost: x\r\n\r\n");
  RawResponse response = connection.Read();
  EXPECT_EQ(response.result_int(), 400u);
  EXPECT_EQ(ErrorCode(response), "invalid_argument");
}

TEST_F(HttpServerTest, HandlerExceptionIs500AndTheConnectionKeepsWorking) {
  Start();
  TestConnection connection(server_->port());
  RawResponse failed = connection.Send("GET", "/boom");
  EXPECT_EQ(failed.result_int(), 500u);
  EXPECT_EQ(ErrorCode(failed), "internal");
  EXPECT_THAT(failed.body(), Not(HasSubstr("handler bug")));
  EXPECT_EQ(connection.Send("GET", "/v1/items/1").result_int(), 200u);
}

TEST_F(HttpServerTest, ConcurrentClientsAreAllServed) {
  ServerOptions options;
  options.io_threads = 2;
  options.worker_threads = 2;
  Start(options);
  constexpr int kClients = 8;
  constexpr int kRequestsEach = 25;
  std::atomic<int> good{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      TestConnection connection(server_->port());
      for (int i = 0; i < kRequestsEach; ++i) {
        const std::string id = std::to_string(c) + "-" + std::to_string(i);
        if (connection.Send("GET", "/v1/items/" + id).body() == "item " + id) ++good;
      }
    });
  }
  for (std::thread& client : clients) client.join();
  EXPECT_EQ(good.load(), kClients * kRequestsEach);
  EXPECT_EQ(handled_.load(), kClients * kRequestsEach);
}

TEST_F(HttpServerTest, FullQueueAnswers503WithRetryAfter) {
  ServerOptions options;
  options.worker_threads = 1;
  options.max_queued_requests = 1;
  Start(options);
  auto slow = std::async(std::launch::async, [this] {
    return TestConnection(server_->port()).Send("GET", "/slow");
  });
  ASSERT_TRUE(gate_.WaitEntered(1));

  RawResponse refused = TestConnection(server_->port()).Send("GET", "/v1/items/1");
  EXPECT_EQ(refused.result_int(), 503u);
  EXPECT_EQ(ErrorCode(refused), "unavailable");
  EXPECT_EQ(refused[boost::beast::http::field::retry_after], "1");
  EXPECT_EQ(handled_.load(), 0);
  EXPECT_THAT(metrics_.RenderPrometheus(),
              HasSubstr("kpiwatch_http_requests_total{method=\"GET\",route=\"/v1/items/{id}\","
                        "status=\"503\"} 1\n"));

  gate_.Open();
  EXPECT_EQ(slow.get().body(), "slow done");
  EXPECT_EQ(TestConnection(server_->port()).Send("GET", "/v1/items/1").result_int(), 200u);
}

TEST_F(HttpServerTest, BodiesOverTheInFlightBudgetAnswer503UntilMemoryIsFreed) {
  ServerOptions options;
  options.max_inflight_body_bytes = 100;
  Start(options);
  const std::string body(60, 'x');
  auto held = std::async(std::launch::async, [this, &body] {
    return TestConnection(server_->port()).Send("POST", "/slow", body);
  });
  ASSERT_TRUE(gate_.WaitEntered(1));  // 60 of 100 bytes are now held by a handler

  RawResponse refused = TestConnection(server_->port()).Send("POST", "/v1/echo", body);
  EXPECT_EQ(refused.result_int(), 503u);
  EXPECT_EQ(refused[boost::beast::http::field::retry_after], "1");
  EXPECT_THAT(refused.body(), HasSubstr("request bodies in memory at their limit"));
  // Requests without a body, and small ones, still fit.
  EXPECT_EQ(TestConnection(server_->port()).Send("GET", "/v1/items/1").result_int(), 200u);
  EXPECT_EQ(TestConnection(server_->port()).Send("POST", "/v1/echo", "small").result_int(), 200u);

  gate_.Open();
  EXPECT_EQ(held.get().body(), "slow got 60");
  EXPECT_EQ(TestConnection(server_->port()).Send("POST", "/v1/echo", body).result_int(), 200u);
}

TEST_F(HttpServerTest, ConnectionsOverTheLimitGet503AndAreClosed) {
  ServerOptions options;
  options.max_connections = 2;
  Start(options);
  TestConnection first(server_->port());
  TestConnection second(server_->port());
  EXPECT_EQ(first.Send("GET", "/v1/items/1").result_int(), 200u);
  EXPECT_EQ(second.Send("GET", "/v1/items/2").result_int(), 200u);

  TestConnection third(server_->port());
  RawResponse refused = third.Read();  // answered without a request, then closed
  EXPECT_EQ(refused.result_int(), 503u);
  EXPECT_EQ(refused[boost::beast::http::field::retry_after], "1");
  EXPECT_THAT(refused.body(), HasSubstr("too many connections"));
  EXPECT_THAT(metrics_.RenderPrometheus(), HasSubstr("kpiwatch_http_connections_refused_total 1\n"));
  // The open connections keep working.
  EXPECT_EQ(first.Send("GET", "/v1/items/3").result_int(), 200u);
}

TEST_F(HttpServerTest, StopLetsAnInFlightRequestFinishAndClosesIdleConnections) {
  Start();
  const std::uint16_t port = server_->port();
  TestConnection idle(port);
  EXPECT_EQ(idle.Send("GET", "/v1/items/1").result_int(), 200u);
  auto slow = std::async(std::launch::async, [port] {
    return TestConnection(port).Send("GET", "/slow");
  });
  ASSERT_TRUE(gate_.WaitEntered(1));

  auto stopped = std::async(std::launch::async, [this] { server_->Stop(); });
  // Stop has begun once the listener is gone; only then let the handler finish.
  for (int i = 0; i < 1000 && !ConnectionRefused(port); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(ConnectionRefused(port));
  EXPECT_TRUE(idle.ClosedByServer());
  gate_.Open();

  RawResponse response = slow.get();
  EXPECT_EQ(response.result_int(), 200u);
  EXPECT_EQ(response.body(), "slow done");
  EXPECT_FALSE(response.keep_alive());
  stopped.get();
}

TEST_F(HttpServerTest, StalledRequestIsClosedAfterTheReadTimeout) {
  ServerOptions options;
  options.read_timeout = std::chrono::seconds(1);
  Start(options);
  TestConnection connection(server_->port());
  connection.WriteRaw("GET /v1/items/1 HTTP/1.1\r\nHo");
  EXPECT_TRUE(connection.ClosedByServer());
}

TEST_F(HttpServerTest, MetricsAreLabelledByRoutePatternMethodAndStatus) {
  Start();
  TestConnection connection(server_->port());
  for (const char* id : {"a", "b", "c"}) connection.Send("GET", std::string("/v1/items/") + id);
  connection.Send("GET", "/some/random/path");
  const std::string text = metrics_.RenderPrometheus();
  EXPECT_THAT(text, HasSubstr("# TYPE kpiwatch_http_requests_total counter\n"));
  EXPECT_THAT(text, HasSubstr("kpiwatch_http_requests_total{method=\"GET\",route=\"/v1/items/"
                              "{id}\",status=\"200\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("kpiwatch_http_requests_total{method=\"GET\",route=\"unmatched\","
                              "status=\"404\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("kpiwatch_http_request_duration_seconds_count{method=\"GET\","
                              "route=\"/v1/items/{id}\",status=\"200\"} 3\n"));
  EXPECT_THAT(text, Not(HasSubstr("/v1/items/a")));
  EXPECT_THAT(text, Not(HasSubstr("random")));
}

TEST_F(HttpServerTest, StartFailsWhenThePortIsTaken) {
  Start();
  ServerOptions options;
  options.port = server_->port();
  Server second(options, router_, nullptr);
  const Status status = second.Start();
  EXPECT_EQ(status.code(), StatusCode::kUnavailable);
  EXPECT_THAT(status.message(), HasSubstr("cannot listen on 127.0.0.1:"));
  EXPECT_EQ(second.port(), 0);
}

TEST_F(HttpServerTest, StartRejectsANonAddress) {
  ServerOptions options;
  options.address = "localhost:80";
  Server server(options, router_, nullptr);
  EXPECT_EQ(server.Start().code(), StatusCode::kInvalidArgument);
}

TEST_F(HttpServerTest, TlsNeedsBothACertificateAndAReadableKey) {
  ServerOptions only_cert;
  only_cert.port = 0;
  only_cert.tls_cert_file = "/nonexistent/cert.pem";
  Server half(only_cert, router_, nullptr);
  const Status half_status = half.Start();
  EXPECT_EQ(half_status.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(half_status.message(), HasSubstr("both a certificate file and a key file"));

  ServerOptions missing = only_cert;
  missing.tls_key_file = "/nonexistent/key.pem";
  Server unreadable(missing, router_, nullptr);
  const Status unreadable_status = unreadable.Start();
  EXPECT_EQ(unreadable_status.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(unreadable_status.message(),
              HasSubstr("cannot load the TLS certificate /nonexistent/cert.pem"));
}

TEST_F(HttpServerTest, StopWithoutStartAndTwiceIsHarmless) {
  Server never_started(ServerOptions{}, router_, nullptr);
  never_started.Stop();
  Start();
  server_->Stop();
  server_->Stop();
  EXPECT_TRUE(ConnectionRefused(server_->port()));
}

}  // namespace
}  // namespace kpiwatch::http
