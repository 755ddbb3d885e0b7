// HttpCall against a canned one-shot server on 127.0.0.1, and against a port nobody
// listens on.
#include "client/http_client.h"

#include <future>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <gmock/gmock.h>
#include <cstdlib>

#include <gtest/gtest.h>

namespace kpiwatch::client {
namespace {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using asio::ip::tcp;
using ::testing::HasSubstr;

// Accepts one connection, records the request, answers with a canned response.
class OneShotServer {
 public:
  OneShotServer(int status, std::string content_type, std::string body)
      : acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}) {
    served_ = std::async(std::launch::async, [this, status, content_type, body] {
      tcp::socket socket(io_);
      acceptor_.accept(socket);
      boost::beast::flat_buffer buffer;
      bhttp::request<bhttp::string_body> request;
      bhttp::read(socket, buffer, request);
      bhttp::response<bhttp::string_body> response{static_cast<bhttp::status>(status), 11};
      response.set(bhttp::field::content_type, content_type);
      response.body() = body;
      response.prepare_payload();
      bhttp::write(socket, response);
      return request;
    });
  }
  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port());
  }
  bhttp::request<bhttp::string_body> Request() { return served_.get(); }

 private:
  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::future<bhttp::request<bhttp::string_body>> served_;
};

// A port that nothing listens on (bound, then released).
std::string UnusedUrl() {
  asio::io_context io;
  tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
  const auto port = acceptor.local_endpoint().port();
  acceptor.close();
  return "http://127.0.0.1:" + std::to_string(port);
}

TEST(HttpClient, SendsMethodTargetBodyContentTypeAndToken) {
  OneShotServer server(201, "application/json", R"({"accepted":3})");
  Result<HttpReply> reply = HttpCall(server.url(), "POST", "/v1/observations?dry_run=1",
                                     "a,b,2024,1\n", "text/csv", "t0ken");
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  EXPECT_EQ(reply->status, 201);
  EXPECT_EQ(reply->content_type, "application/json");
  EXPECT_EQ(reply->body, R"({"accepted":3})");

  const auto request = server.Request();
  EXPECT_EQ(request.method(), bhttp::verb::post);
  EXPECT_EQ(request.target(), "/v1/observations?dry_run=1");
  EXPECT_EQ(request.body(), "a,b,2024,1\n");
  EXPECT_EQ(request[bhttp::field::content_type], "text/csv");
  EXPECT_EQ(request[bhttp::field::authorization], "Bearer t0ken");
}

TEST(HttpClient, PrefixInServerUrlAndNoOptionalHeaders) {
  OneShotServer server(200, "text/plain", "ok");
  Result<HttpReply> reply = HttpCall(server.url() + "/kpiwatch/", "GET", "/healthz");
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  const auto request = server.Request();
  EXPECT_EQ(request.target(), "/kpiwatch/healthz");
  EXPECT_EQ(request.count(bhttp::field::authorization), 0u);
  EXPECT_EQ(request.count(bhttp::field::content_type), 0u);
}

TEST(HttpClient, ErrorStatusIsAReplyNotAnError) {
  OneShotServer server(404, "application/json", R"({"error":{"code":"not_found","message":"x"}})");
  Result<HttpReply> reply = HttpCall(server.url(), "GET", "/v1/indicators/x");
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply->status, 404);
}

TEST(HttpClient, NothingListeningIsUnavailableWithAHint) {
  const std::string url = UnusedUrl();
  Result<HttpReply> reply = HttpCall(url, "GET", "/healthz");
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(reply.status().message(),
            "cannot reach kpiwatchd at " + url +
                ": connection refused (is the daemon running? set --server or KPIWATCH_SERVER)");
}

TEST(HttpClient, MalformedServerUrlIsInvalidArgument) {
  for (const char* url : {"gopher://127.0.0.1:8470", "ftp://x", "http://:8470", "http://host:port",
                          "http://host:99999", "http://[::1"}) {
    EXPECT_EQ(HttpCall(url, "GET", "/healthz").status().code(), StatusCode::kInvalidArgument)
        << url;
  }
}

TEST(HttpClient, HttpsIsAcceptedAndAnUnreadableCaFileIsInvalidArgument) {
  // https:// parses; with nothing listening it is "cannot reach", like http://.
  EXPECT_EQ(HttpCall("https://127.0.0.1:1", "GET", "/healthz").status().code(),
            StatusCode::kUnavailable);
  setenv("KPIWATCH_CA_CERT", "/nonexistent/ca.pem", 1);
  Result<HttpReply> reply = HttpCall("https://127.0.0.1:1", "GET", "/healthz");
  unsetenv("KPIWATCH_CA_CERT");
  EXPECT_EQ(reply.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(reply.status().message().find("cannot load KPIWATCH_CA_CERT /nonexistent/ca.pem"),
            std::string::npos)
      << reply.status().message();
}

TEST(HttpClient, ErrorMessageRendersMessageAndDetails) {
  HttpReply reply;
  reply.status = 400;
  reply.body = R"({"error": {"code": "invalid_argument", "message": "2 bad rows",
      "details": [{"file": "batch.csv", "line": 3, "column": 14, "field": "value",
                   "reason": "not a number"},
                  {"line": 7, "field": "period", "reason": "no month 13"}]}})";
  EXPECT_EQ(ErrorMessageFromReply(reply),
            "2 bad rows\n"
            "batch.csv:3:14: value: not a number\n"
            "7: period: no month 13");
}

TEST(HttpClient, ErrorMessageForANonJsonBody) {
  HttpReply reply;
  reply.status = 502;
  reply.body = "Bad Gateway\n<html>...";
  EXPECT_EQ(ErrorMessageFromReply(reply), "HTTP 502: Bad Gateway");
  reply.body = "";
  EXPECT_EQ(ErrorMessageFromReply(reply), "HTTP 502");
}

}  // namespace
}  // namespace kpiwatch::client
