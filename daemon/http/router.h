// Router: the one table of API routes. Maps (method, path pattern) to a Handler.
//
// A pattern is a path of '/'-separated segments: literals ("v1", "series") and captures
// ("{indicator}"). A capture matches exactly one non-empty segment; its value is
// percent-decoded into Request::path_params. When several patterns match a path, the one
// with a literal at the first differing segment wins ("/v1/alerts/open" beats
// "/v1/alerts/{id}"), independent of the order the routes were added in.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "daemon/http/message.h"

namespace kpiwatch::http {

using Handler = std::function<Response(const Request&)>;

class Router {
 public:
  // Adds a route. Precondition: pattern starts with '/', captures are whole segments, and
  // (method, pattern) was not added before (a duplicate replaces the earlier handler).
  void Add(std::string method, std::string pattern, Handler handler);

  // Runs the handler of the route matching request.method and request.path, with
  // path_params filled. Unknown path -> 404 JSON error; known path with another method ->
  // 405 JSON error with an "Allow" header; a capture with a bad %-escape -> 400. An
  // exception escaping a handler is logged and becomes a 500 JSON error.
  // When route_pattern is given it receives the matched pattern (the metrics label), or
  // "unmatched" when no pattern matches the path.
  Response Dispatch(Request request, std::string* route_pattern = nullptr) const;

  // The pattern matching `path` for any method, or "unmatched". Used to label metrics of
  // requests refused before dispatch (413, 503) without the raw path's cardinality.
  std::string RouteLabel(const std::string& path) const;

  // Every (method, pattern) in the order added: for docs, listings and tests.
  std::vector<std::pair<std::string, std::string>> Routes() const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;  // "{name}" for captures
    Handler handler;
  };
  // Index into routes_ of the best match for the path's segments over all methods when
  // method is empty, or for that method; -1 when none.
  int FindRoute(const std::vector<std::string>& path_segments, const std::string& method) const;

  std::vector<Route> routes_;
};

}  // namespace kpiwatch::http
