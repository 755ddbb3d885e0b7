#include "daemon/http/server.h"

#include <algorithm>
#include <atomic>
#include <future>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include "daemon/http/session.h"
#include "daemon/metrics/registry.h"

namespace kpiwatch::http {

namespace asio = boost::asio;
using asio::ip::tcp;

class Server::Impl {
 public:
  Impl(ServerOptions options, const Router& router, metrics::Registry* metrics)
      : options_(std::move(options)),
        router_(router),
        metrics_(metrics),
        io_(std::max(1, options_.io_threads)),
        acceptor_(asio::make_strand(io_)) {}

  Status Start();
  void Stop();
  std::uint16_t port() const { return port_.load(); }

 private:
  asio::awaitable<void> Accept(internal::ServerContext& context);

  const ServerOptions options_;
  const Router& router_;
  metrics::Registry* const metrics_;
  // Declared before the workers: queued completions refer to it, so it must outlive them.
  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::optional<asio::ssl::context> tls_;  // set when options_ ask for TLS
  std::optional<asio::thread_pool> workers_;
  internal::ConnectionTracker tracker_;
  std::optional<internal::ServerContext> context_;
  std::vector<std::thread> io_threads_;
  std::atomic<std::uint16_t> port_{0};
  bool started_ = false;
  bool stopped_ = false;
};

namespace {

// The TLS context for a certificate chain and key (PEM): TLS 1.2 or later only.
Result<std::unique_ptr<asio::ssl::context>> LoadTlsContext(const std::string& cert_file,
                                                           const std::string& key_file) {
  if (cert_file.empty() != key_file.empty()) {
    return Status::InvalidArgument("TLS needs both a certificate file and a key file");
  }
  auto context = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
  boost::system::error_code error;
  context->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                           asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                           asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use,
                       error);
  if (!error) context->use_certificate_chain_file(cert_file, error);
  if (error) {
    return Status::InvalidArgument("cannot load the TLS certificate " + cert_file + ": " +
                                   error.message());
  }
  context->use_private_key_file(key_file, asio::ssl::context::pem, error);
  if (error) {
    return Status::InvalidArgument("cannot load the TLS key " + key_file + ": " + error.message());
  }
  return context;
}

}  // namespace

Status Server::Impl::Start() {
  if (started_) return Status::FailedPrecondition("http server already started");
  if (!options_.tls_cert_file.empty() || !options_.tls_key_file.empty()) {
    Result<std::unique_ptr<asio::ssl::context>> tls =
        LoadTlsContext(options_.tls_cert_file, options_.tls_key_file);
    if (!tls.ok()) return tls.status();
    tls_.emplace(std::move(**tls));
  }
  boost::system::error_code error;
  const asio::ip::address address = asio::ip::make_address(options_.address, error);
  if (error) return Status::InvalidArgument("not an IP address to listen on: " + options_.address);
  const tcp::endpoint endpoint(address, options_.port);
  const std::string where = options_.address + ":" + std::to_string(options_.port);
  acceptor_.open(endpoint.protocol(), error);
  if (!error) acceptor_.set_option(asio::socket_base::reuse_address(true), error);
  if (!error) acceptor_.bind(endpoint, error);
  if (!error) acceptor_.listen(asio::socket_base::max_listen_connections, error);
  if (error) {
    acceptor_.close(error);
    return Status(StatusCode::kUnavailable, "cannot listen on " + where + ": " + error.message());
  }
  port_ = acceptor_.local_endpoint().port();
  started_ = true;

  if (metrics_ != nullptr) {
    metrics_->Describe("kpiwatch_http_requests_total",
                       "HTTP requests answered, by route pattern, method and status.", "counter");
    metrics_->Describe("kpiwatch_http_request_duration_seconds",
                       "Seconds from a request's header being read to its answer being ready.", "histogram");
  }
  workers_.emplace(static_cast<std::size_t>(std::max(1, options_.worker_threads)));
  context_.emplace(options_, router_, metrics_, *workers_, tracker_, tls_ ? &*tls_ : nullptr);
  asio::co_spawn(acceptor_.get_executor(), Accept(*context_), asio::detached);
  for (int i = 0; i < std::max(1, options_.io_threads); ++i) {
    io_threads_.emplace_back([this] { io_.run(); });
  }
  spdlog::info("listening on {}://{}:{}", tls_ ? "https" : "http", options_.address, port_.load());
  return Status::Ok();
}

asio::awaitable<void> Server::Impl::Accept(internal::ServerContext& context) {
  while (true) {
    auto [error, socket] =
        co_await acceptor_.async_accept(asio::make_strand(io_), asio::as_tuple(asio::use_awaitable));
    if (error == asio::error::operation_aborted || !acceptor_.is_open()) break;
    if (error) {
      spdlog::warn("accepting a connection failed: {}", error.message());
      continue;
    }
    auto connection = std::make_shared<internal::Connection>(std::move(socket));
    const std::uint64_t id = tracker_.Add(connection);
    asio::co_spawn(connection->stream.get_executor(), internal::RunSession(context, connection, id),
                   asio::detached);
  }
}

void Server::Impl::Stop() {
  if (!started_ || stopped_) return;
  stopped_ = true;
  context_->stopping = true;
  std::promise<void> listener_closed;
  asio::post(acceptor_.get_executor(), [this, &listener_closed] {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    listener_closed.set_value();
  });
  listener_closed.get_future().wait();
  tracker_.CloseIdle();
  if (!tracker_.WaitUntilEmpty(options_.drain_timeout)) {
    spdlog::warn("http server stopping with requests still in flight after {} s",
                 options_.drain_timeout.count());
  }
  io_.stop();
  for (std::thread& thread : io_threads_) thread.join();
  io_threads_.clear();
  tracker_.CloseAll();  // those still open after drain_timeout; no I/O thread runs now
  workers_->join();
  spdlog::info("http server stopped");
}

Server::Server(ServerOptions options, const Router& router, metrics::Registry* metrics)
    : impl_(std::make_unique<Impl>(std::move(options), router, metrics)) {}

Server::~Server() { Stop(); }

Status Server::Start() { return impl_->Start(); }

std::uint16_t Server::port() const { return impl_->port(); }

void Server::Stop() { impl_->Stop(); }

}  // namespace kpiwatch::http
