#include "daemon/http/server.h"

namespace kpiwatch::http {

class Server::Impl {
 public:
  Impl(ServerOptions options, const Router& router, metrics::Registry* metrics)
      : options_(std::move(options)), router_(router), metrics_(metrics) {}
  ServerOptions options_;
  const Router& router_;
  metrics::Registry* metrics_;
};

Server::Server(ServerOptions options, const Router& router, metrics::Registry* metrics)
    : impl_(std::make_unique<Impl>(std::move(options), router, metrics)) {}
Server::~Server() { Stop(); }
Status Server::Start() { return Status::Internal("http server not implemented yet"); }
std::uint16_t Server::port() const { return 0; }
void Server::Stop() {}

}  // namespace kpiwatch::http
