#include "daemon/http/session.h"

#include <array>
#include <cctype>
#include <chrono>
#include <exception>
#include <string>
#include <utility>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

#include "daemon/http/responses.h"

namespace kpiwatch::http::internal {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using Clock = std::chrono::steady_clock;
using RawRequest = bhttp::request<bhttp::string_body>;

constexpr auto kAsTuple = asio::as_tuple(asio::use_awaitable);
// After refusing a request whose body is still arriving, read and discard for this long
// before closing, so the client finishes sending and can read the answer (lingering close).
constexpr std::chrono::seconds kLingerTime{2};

std::string MethodLabel(const RawRequest& raw) {
  return raw.method() == bhttp::verb::unknown ? "OTHER" : std::string(raw.method_string());
}

void Record(ServerContext& context, const std::string& route, const std::string& method,
            int status, Clock::time_point start) {
  if (context.metrics == nullptr) return;
  const metrics::Labels labels = {
      {"route", route}, {"method", method}, {"status", std::to_string(status)}};
  context.metrics->IncrementCounter("kpiwatch_http_requests_total", labels);
  const std::chrono::duration<double> seconds = Clock::now() - start;
  context.metrics->ObserveHistogram("kpiwatch_http_request_duration_seconds", labels,
                                    seconds.count());
}

Result<Request> ToRequest(RawRequest&& raw, const Connection& connection) {
  Result<Request> request = MakeRequest(std::string(raw.method_string()),
                                        std::string(raw.target()), std::move(raw.body()));
  if (!request.ok()) return request;
  for (const auto& field : raw) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string& value = request->headers[name];
    value += (value.empty() ? "" : ", ") + std::string(field.value());
  }
  beast::error_code error;
  const auto peer = connection.stream.socket().remote_endpoint(error);
  if (!error) request->remote_address = peer.address().to_string();
  return request;
}

bhttp::response<bhttp::string_body> ToRaw(Response response, unsigned version, bool keep_alive) {
  bhttp::response<bhttp::string_body> raw{static_cast<bhttp::status>(response.status), version};
  raw.set(bhttp::field::server, "kpiwatchd");
  raw.set(bhttp::field::content_type, response.content_type);
  for (const auto& [name, value] : response.headers) raw.set(name, value);
  raw.keep_alive(keep_alive);
  raw.body() = std::move(response.body);
  raw.prepare_payload();
  return raw;
}

Response DispatchSafely(const Router& router, Request request, std::string* route) {
  const std::string target = request.target;
  try {
    return router.Dispatch(std::move(request), route);
  } catch (const std::exception& error) {
    spdlog::error("dispatching {} failed: {}", target, error.what());
  } catch (...) {
    spdlog::error("dispatching {} failed with a non-standard exception", target);
  }
  return InternalErrorResponse();
}

// Runs on a worker thread; the caller resumes on its own executor.
asio::awaitable<Response> HandleOnWorker(const Router& router, Request request,
                                         std::string* route) {
  co_return DispatchSafely(router, std::move(request), route);
}

// Sends a response; false when the connection failed. `stream` is connection.stream
// itself (plain HTTP) or a TLS stream over it; timeouts are always on connection.stream.
template <class Stream>
asio::awaitable<bool> Write(ServerContext& context, Connection& connection, Stream& stream,
                            Response response, unsigned version, bool keep_alive) {
  connection.stream.expires_after(context.options.read_timeout);
  auto raw = ToRaw(std::move(response), version, keep_alive);
  auto [error, bytes] = co_await bhttp::async_write(stream, raw, kAsTuple);
  co_return !error;
}

// Answers a request refused before it was read completely, then closes after draining what
// the client still sends. Returns false: the connection cannot be reused.
template <class Stream>
asio::awaitable<bool> Refuse(ServerContext& context, Connection& connection, Stream& stream,
                             const RawRequest& raw, Response response, Clock::time_point start) {
  const std::string path(raw.target().substr(0, raw.target().find('?')));
  Record(context, context.router.RouteLabel(path), MethodLabel(raw), response.status, start);
  co_await Write(context, connection, stream, std::move(response), raw.version(), false);
  beast::error_code ignored;
  connection.stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  connection.stream.expires_after(kLingerTime);
  std::array<char, 16 * 1024> discard;
  while (true) {
    auto [error, bytes] =
        co_await stream.async_read_some(asio::buffer(discard), kAsTuple);
    if (error) break;
  }
  co_return false;
}

// Reads, handles and answers one request. True when the connection may serve another.
template <class Stream>
asio::awaitable<bool> ServeOne(ServerContext& context, Connection& connection, Stream& stream,
                               beast::flat_buffer& buffer, bool first) {
  const ServerOptions& options = context.options;
  bhttp::request_parser<bhttp::string_body> parser;
  parser.body_limit(options.max_body_bytes);
  connection.stream.expires_after(first ? options.read_timeout : options.idle_timeout);
  auto [header_error, header_bytes] =
      co_await bhttp::async_read_header(stream, buffer, parser, kAsTuple);
  const Clock::time_point start = Clock::now();
  if (header_error == bhttp::error::body_limit) {
    co_return co_await Refuse(context, connection, stream, parser.get(),
                              PayloadTooLargeResponse(options.max_body_bytes), start);
  }
  if (header_error) co_return false;

  connection.stream.expires_after(options.read_timeout);
  if (beast::iequals(parser.get()[bhttp::field::expect], "100-continue")) {
    bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, parser.get().version()};
    auto [continue_error, continue_bytes] =
        co_await bhttp::async_write(stream, go_on, kAsTuple);
    if (continue_error) co_return false;
  }
  auto [body_error, body_bytes] =
      co_await bhttp::async_read(stream, buffer, parser, kAsTuple);
  if (body_error == bhttp::error::body_limit) {
    co_return co_await Refuse(context, connection, stream, parser.get(),
                              PayloadTooLargeResponse(options.max_body_bytes), start);
  }
  if (body_error) co_return false;

  RawRequest raw = parser.release();
  const unsigned version = raw.version();
  const std::string method = MethodLabel(raw);
  const bool keep_alive = raw.keep_alive();
  Result<Request> request = ToRequest(std::move(raw), connection);
  std::string route = "unmatched";
  Response response;
  if (!request.ok()) {
    response = ErrorResponse(request.status());
  } else if (context.admitted.load() >= options.max_queued_requests) {
    route = context.router.RouteLabel(request->path);
    response = ErrorResponse(503, "unavailable", "kpiwatchd is overloaded; retry later");
    response.headers.emplace_back("Retry-After", "1");
  } else {
    ++context.admitted;
    connection.busy = true;
    response = co_await asio::co_spawn(
        context.workers, HandleOnWorker(context.router, std::move(request.value()), &route),
        asio::use_awaitable);
    --context.admitted;
  }
  // Recorded before writing, so a client that got its answer also finds it in the metrics.
  Record(context, route, method, response.status, start);
  const bool reuse = keep_alive && !context.stopping.load();
  const bool written =
      co_await Write(context, connection, stream, std::move(response), version, reuse);
  connection.busy = false;
  co_return written && reuse;
}

// Serves requests on `stream` until one says the connection cannot be reused.
template <class Stream>
asio::awaitable<void> ServeAll(ServerContext& context, Connection& connection, Stream& stream) {
  beast::flat_buffer buffer;
  bool first = true;
  while (!context.stopping.load()) {
    if (!co_await ServeOne(context, connection, stream, buffer, first)) break;
    first = false;
  }
}

}  // namespace

asio::awaitable<void> RunSession(ServerContext& context, std::shared_ptr<Connection> connection,
                                 std::uint64_t id) {
  try {
    if (context.tls == nullptr) {
      co_await ServeAll(context, *connection, connection->stream);
    } else {
      // TLS over the same tcp_stream, so its timer still bounds every read and write.
      asio::ssl::stream<beast::tcp_stream&> tls(connection->stream, *context.tls);
      connection->stream.expires_after(context.options.read_timeout);
      auto [handshake_error] =
          co_await tls.async_handshake(asio::ssl::stream_base::server, kAsTuple);
      if (!handshake_error) {
        co_await ServeAll(context, *connection, tls);
      } else if (context.metrics != nullptr) {
        context.metrics->IncrementCounter("kpiwatch_http_tls_handshake_failures_total");
      }
    }
    beast::error_code ignored;
    connection->stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  } catch (const std::exception& error) {
    spdlog::error("http connection failed: {}", error.what());
  }
  connection->stream.close();
  context.tracker.Remove(id);
}

}  // namespace kpiwatch::http::internal
