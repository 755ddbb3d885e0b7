// A blocking HTTP/1.1 connection for tests of the HTTP server: sends requests one after
// the other on the same socket (keep-alive). Every read gives up after 10 s so that a
// server bug fails the test instead of hanging it.
#pragma once

#include <sys/socket.h>
#include <sys/time.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

namespace kpiwatch::http::testing {

using RawResponse = boost::beast::http::response<boost::beast::http::string_body>;
using Headers = std::vector<std::pair<std::string, std::string>>;

class TestConnection {
 public:
  explicit TestConnection(std::uint16_t port) : socket_(io_) {
    socket_.connect({boost::asio::ip::make_address("127.0.0.1"), port});
    timeval timeout{10, 0};
    setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  }

  // Sends one request and reads its response. Throws boost::system::system_error when the
  // connection fails (e.g. the server closed it).
  RawResponse Send(const std::string& method, const std::string& target,
                   const std::string& body = "", const Headers& headers = {}) {
    namespace bhttp = boost::beast::http;
    bhttp::request<bhttp::string_body> request{bhttp::string_to_verb(method), target, 11};
    request.set(bhttp::field::host, "127.0.0.1");
    for (const auto& [name, value] : headers) request.set(name, value);
    request.body() = body;
    request.prepare_payload();
    bhttp::write(socket_, request);
    return Read();
  }

  // Reads one response.
  RawResponse Read() {
    RawResponse response;
    boost::beast::http::read(socket_, buffer_, response);
    return response;
  }

  // Writes raw bytes (for malformed or partial requests).
  void WriteRaw(const std::string& bytes) { boost::asio::write(socket_, boost::asio::buffer(bytes)); }

  // True when the server has closed the connection (a read sees end of stream or reset).
  bool ClosedByServer() {
    char byte;
    boost::system::error_code error;
    socket_.read_some(boost::asio::buffer(&byte, 1), error);
    return error == boost::asio::error::eof || error == boost::asio::error::connection_reset;
  }

 private:
  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
};

// True when a new connection to the port is refused (nothing listens).
inline bool ConnectionRefused(std::uint16_t port) {
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket socket(io);
  boost::system::error_code error;
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), port}, error);
  return error == boost::asio::error::connection_refused;
}

}  // namespace kpiwatch::http::testing
