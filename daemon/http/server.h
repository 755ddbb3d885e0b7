// Server: HTTP/1.1 with keep-alive on Boost.Beast/Asio, serving a Router.
//
// I/O threads accept connections and read/write messages; handlers run on a separate
// worker pool, so a slow storage call never blocks accepting or other connections.
// Limits: request bodies over max_body_bytes get 413; a request not fully read within
// read_timeout, or an idle keep-alive connection after idle_timeout, is closed; when
// max_queued_requests handlers are already admitted (running or waiting), new requests
// get 503 with "Retry-After". Every response is counted in the metrics registry as
//   kpiwatch_http_requests_total{route, method, status}
//   kpiwatch_http_request_duration_seconds{route, method, status}  (histogram)
// labelled by route pattern, never by the raw path.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "daemon/http/router.h"
#include "detectors/core/status.h"

namespace kpiwatch::metrics {
class Registry;
}

namespace kpiwatch::http {

struct ServerOptions {
  std::string address = "127.0.0.1";        // IPv4/IPv6 literal to bind
  std::uint16_t port = 8470;                // 0 = an ephemeral port, see Server::port()
  std::size_t max_body_bytes = 64 << 20;    // larger bodies -> 413
  int io_threads = 1;                       // threads running the sockets
  int worker_threads = 2;                   // threads running handlers
  std::chrono::seconds read_timeout{30};    // to read one request once it has started
  std::chrono::seconds idle_timeout{60};    // between requests on a keep-alive connection
  std::size_t max_queued_requests = 256;    // admitted handlers (running + waiting)
  std::chrono::seconds drain_timeout{10};   // Stop(): wait this long for in-flight requests
  // HTTPS: both set -> every connection is TLS (1.2 or later) with this PEM certificate
  // chain and private key; both empty -> plain HTTP.
  std::string tls_cert_file;
  std::string tls_key_file;
};

class Server {
 public:
  // `router` must outlive the Server; `metrics` may be null (then nothing is recorded).
  Server(ServerOptions options, const Router& router, metrics::Registry* metrics);
  ~Server();  // Stop()s when still running.
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds, listens and starts the threads. Error Status (kUnavailable) when the address
  // cannot be bound (e.g. the port is in use) or is not an IP literal (kInvalidArgument),
  // InvalidArgument when the TLS certificate or key cannot be loaded or only one is set;
  // FailedPrecondition when already started.
  Status Start();

  // The bound port (useful with port 0); 0 before a successful Start().
  std::uint16_t port() const;

  // Graceful stop: stops accepting, closes idle connections, lets in-flight requests finish
  // and answer (with "Connection: close"), waiting at most drain_timeout; then closes what
  // is left and joins all threads. A handler still running after drain_timeout cannot be
  // cancelled: Stop() waits for it, but its answer is not sent. Idempotent; safe to call
  // when never started. Not restartable: use a new Server.
  void Stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kpiwatch::http
