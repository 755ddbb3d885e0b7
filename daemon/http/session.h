// Internal to the HTTP server: one client connection, and the state sessions share.
// Not for handlers; they only see Request/Response (message.h).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include "daemon/http/router.h"
#include "daemon/http/server.h"
#include "daemon/metrics/registry.h"

namespace kpiwatch::http::internal {

// One open connection. `busy` (touched only on the stream's executor) is true while a
// request is admitted: with a handler, or writing its response.
struct Connection {
  explicit Connection(boost::asio::ip::tcp::socket socket) : stream(std::move(socket)) {}
  boost::beast::tcp_stream stream;
  bool busy = false;
};

// The open connections, so that Stop() can close the idle ones and wait for the rest.
class ConnectionTracker {
 public:
  std::uint64_t Add(std::shared_ptr<Connection> connection);
  void Remove(std::uint64_t id);
  // Closes, on each connection's executor, every connection that is not busy.
  void CloseIdle();
  // Closes every connection directly. Precondition: no thread runs their executors.
  void CloseAll();
  // Waits until no connection is open or `timeout` passes; true when none is open.
  bool WaitUntilEmpty(std::chrono::seconds timeout);

 private:
  std::mutex mutex_;
  std::condition_variable emptied_;
  std::uint64_t next_id_ = 0;
  std::map<std::uint64_t, std::shared_ptr<Connection>> connections_;
};

// What every session of one server shares.
struct ServerContext {
  ServerContext(const ServerOptions& server_options, const Router& server_router,
                metrics::Registry* registry, boost::asio::thread_pool& worker_pool,
                ConnectionTracker& connection_tracker, boost::asio::ssl::context* tls_context)
      : options(server_options),
        router(server_router),
        metrics(registry),
        workers(worker_pool),
        tracker(connection_tracker),
        tls(tls_context) {}

  const ServerOptions& options;
  const Router& router;
  metrics::Registry* metrics;  // may be null
  boost::asio::thread_pool& workers;
  ConnectionTracker& tracker;
  boost::asio::ssl::context* tls;  // null: plain HTTP; else every connection starts with TLS
  std::atomic<std::size_t> admitted{0};  // requests handed to the workers, not yet answered
  std::atomic<bool> stopping{false};
};

// Serves requests on `connection` (after a TLS handshake when context.tls is set; a
// failed handshake closes the connection) until the peer closes, a timeout, an unrecoverable
// error (e.g. a body over the limit, answered with 413), or the server stops.
// Runs on the connection's executor; removes the connection from the tracker at the end.
boost::asio::awaitable<void> RunSession(ServerContext& context,
                                        std::shared_ptr<Connection> connection,
                                        std::uint64_t id);

}  // namespace kpiwatch::http::internal
