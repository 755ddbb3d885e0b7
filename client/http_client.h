// HttpCall: the CLI's synchronous HTTP/1.1 client for kpiwatchd (Boost.Beast).
// One connection per call; the daemon's JSON errors are rendered by ErrorMessageFromReply.
#pragma once

#include <chrono>
#include <string>

#include "detectors/core/status.h"

namespace kpiwatch::client {

struct HttpReply {
  int status = 0;            // HTTP status code
  std::string body;
  std::string content_type;  // the Content-Type header as sent, "" when absent
};

// Sends one request and reads the whole reply, whatever its HTTP status.
// server_url: "http[s]://host[:port][/prefix]" ("http://" may be left out; the port
// defaults to 80, or 443 for https). https verifies the daemon's certificate and host name
// against the system's CAs and the PEM file named by the environment variable
// KPIWATCH_CA_CERT, when set. target: "/v1/indicators?x=1", appended to the prefix.
// content_type/token are sent only when non-empty (token as "Authorization: Bearer").
// Errors: InvalidArgument for a malformed server_url; Unavailable when the daemon cannot
// be reached or does not answer within `timeout`, e.g. "cannot reach kpiwatchd at
// http://127.0.0.1:8470: connection refused (is the daemon running? set --server or
// KPIWATCH_SERVER)".
Result<HttpReply> HttpCall(const std::string& server_url, const std::string& method,
                           const std::string& target, const std::string& body = "",
                           const std::string& content_type = "", const std::string& token = "",
                           std::chrono::seconds timeout = std::chrono::seconds(60));

// A human-readable message for a failed reply: for a kpiwatchd JSON error, its message and
// one line per detail ("file:line:column: field: reason"); otherwise "HTTP <status>" and
// the body's first line.
std::string ErrorMessageFromReply(const HttpReply& reply);

}  // namespace kpiwatch::client
