#include "client/http_client.h"

namespace kpiwatch::client {

Result<HttpReply> HttpCall(const std::string& server_url, const std::string& method,
                           const std::string& target, const std::string& body,
                           const std::string& content_type, const std::string& token,
                           std::chrono::seconds timeout) {
  (void)method; (void)target; (void)body; (void)content_type; (void)token; (void)timeout;
  return Status(StatusCode::kUnavailable, "cannot reach kpiwatchd at " + server_url +
                                              ": not implemented yet");
}

std::string ErrorMessageFromReply(const HttpReply& reply) {
  return "HTTP " + std::to_string(reply.status);
}

}  // namespace kpiwatch::client
