#include "daemon/http/router.h"

#include <algorithm>
#include <exception>
#include <string_view>

#include <spdlog/spdlog.h>

#include "daemon/http/responses.h"

namespace kpiwatch::http {
namespace {

constexpr const char* kUnmatched = "unmatched";

// "/a/b/" -> {"a", "b", ""}; "/" -> {""}. Empty segments are kept so that they never
// match a capture.
std::vector<std::string> SplitPath(std::string_view path) {
  std::vector<std::string> segments;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (true) {
    const size_t slash = path.find('/');
    segments.emplace_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

bool IsCapture(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool Matches(const std::vector<std::string>& pattern, const std::vector<std::string>& path) {
  if (pattern.size() != path.size()) return false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (IsCapture(pattern[i]) ? path[i].empty() : pattern[i] != path[i]) return false;
  }
  return true;
}

// True when a is more specific than b: a literal at the first segment where they differ.
bool MoreSpecific(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    const bool a_literal = !IsCapture(a[i]);
    const bool b_literal = !IsCapture(b[i]);
    if (a_literal != b_literal) return a_literal;
  }
  return false;
}

}  // namespace

void Router::Add(std::string method, std::string pattern, Handler handler) {
  for (Route& route : routes_) {
    if (route.method == method && route.pattern == pattern) {
      route.handler = std::move(handler);
      return;
    }
  }
  std::vector<std::string> segments = SplitPath(pattern);
  routes_.push_back(
      Route{std::move(method), std::move(pattern), std::move(segments), std::move(handler)});
}

int Router::FindRoute(const std::vector<std::string>& path_segments,
                      const std::string& method) const {
  int best = -1;
  for (size_t i = 0; i < routes_.size(); ++i) {
    const Route& route = routes_[i];
    if (!method.empty() && route.method != method) continue;
    if (!Matches(route.segments, path_segments)) continue;
    if (best < 0 || MoreSpecific(route.segments, routes_[best].segments)) {
      best = static_cast<int>(i);
    }
  }
  return best;
}

std::string Router::RouteLabel(const std::string& path) const {
  const int index = FindRoute(SplitPath(path), "");
  return index < 0 ? kUnmatched : routes_[index].pattern;
}

Response Router::Dispatch(Request request, std::string* route_pattern) const {
  const std::vector<std::string> path_segments = SplitPath(request.path);
  const int any_method = FindRoute(path_segments, "");
  if (route_pattern) *route_pattern = any_method < 0 ? kUnmatched : routes_[any_method].pattern;
  if (any_method < 0) {
    return ErrorResponse(404, "not_found", "no such resource: " + request.path);
  }
  const int index = FindRoute(path_segments, request.method);
  if (index < 0) {
    std::vector<std::string> methods;
    for (const Route& route : routes_) {
      if (Matches(route.segments, path_segments) &&
          std::find(methods.begin(), methods.end(), route.method) == methods.end()) {
        methods.push_back(route.method);
      }
    }
    std::string allow;
    for (const std::string& method : methods) allow += (allow.empty() ? "" : ", ") + method;
    Response response = ErrorResponse(
        405, "method_not_allowed", request.method + " is not allowed on " + request.path);
    response.headers.emplace_back("Allow", allow);
    return response;
  }
  const Route& route = routes_[index];
  if (route_pattern) *route_pattern = route.pattern;
  for (size_t i = 0; i < route.segments.size(); ++i) {
    if (!IsCapture(route.segments[i])) continue;
    auto value = PercentDecode(path_segments[i], false);
    if (!value) return ErrorResponse(400, "invalid_argument", "bad percent-escape in path");
    request.path_params[route.segments[i].substr(1, route.segments[i].size() - 2)] = *value;
  }
  try {
    return route.handler(request);
  } catch (const std::exception& error) {
    spdlog::error("handler for {} {} threw: {}", route.method, route.pattern, error.what());
  } catch (...) {
    spdlog::error("handler for {} {} threw a non-standard exception", route.method,
                  route.pattern);
  }
  return InternalErrorResponse();
}

std::vector<std::pair<std::string, std::string>> Router::Routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(routes_.size());
  for (const Route& route : routes_) out.emplace_back(route.method, route.pattern);
  return out;
}

}  // namespace kpiwatch::http
