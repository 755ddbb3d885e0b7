// Request and Response: the plain values the HTTP layer hands to handlers and gets back.
//
// Handlers are functions from a Request to a Response (see router.h); they never see a
// socket, so they are testable by building a Request with MakeRequest().
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "detectors/core/status.h"

namespace kpiwatch::http {

struct Request {
  std::string method;  // "GET", "POST", ... as sent (upper case by convention)
  std::string target;  // as sent: "/v1/series/a/b?from=2024"
  std::string path;    // target before '?', still percent-encoded: "/v1/series/a/b"
  std::map<std::string, std::string> query;        // percent-decoded; '+' = space; last wins
  std::map<std::string, std::string> path_params;  // filled by Router::Dispatch, decoded
  std::map<std::string, std::string> headers;      // names lower-case; repeats joined by ", "
  std::string body;
  std::string remote_address;  // peer IP as text; empty when not from a socket

  // The media type of the Content-Type header, lower-case, without parameters:
  // "text/csv; charset=utf-8" -> "text/csv". Empty when there is no such header.
  std::string ContentType() const;
  // The token of an "Authorization: Bearer <token>" header (scheme case-insensitive);
  // nullopt when the header is missing, uses another scheme, or the token is empty.
  std::optional<std::string> BearerToken() const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  // Extra headers (e.g. {"Allow", "GET, PUT"}); Content-Type/Length are set from the fields.
  std::vector<std::pair<std::string, std::string>> headers;
};

// Builds a Request from a method and a target, filling path and query.
// InvalidArgument when the target does not start with '/' or has bad %-escapes.
Result<Request> MakeRequest(std::string method, std::string target, std::string body = "");

// Splits "a=1&b=x%20y" (a query string or an application/x-www-form-urlencoded body)
// into `out`, decoded, '+' as space, the last of repeated names winning; false on a bad escape.
bool ParseFormFields(std::string_view fields, std::map<std::string, std::string>* out);

// Percent-encodes everything but the unreserved characters A-Z a-z 0-9 - _ . ~
// (for path segments, query values and cookie values).
std::string PercentEncode(std::string_view text);

// Decodes %XX escapes (and '+' as space when plus_as_space). nullopt on a bad escape.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_as_space);

}  // namespace kpiwatch::http
