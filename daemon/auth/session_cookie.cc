#include "daemon/auth/session_cookie.h"

#include <string_view>

namespace kpiwatch::daemon {
namespace {

constexpr const char* kAttributes = "; Path=/; HttpOnly; SameSite=Strict";

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<std::string> CookieToken(const http::Request& request) {
  auto header = request.headers.find("cookie");
  if (header == request.headers.end()) return std::nullopt;
  std::string_view rest = header->second;
  while (!rest.empty()) {
    std::size_t end = rest.find_first_of(";,");
    std::string_view pair = Trim(rest.substr(0, end));
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    std::size_t equals = pair.find('=');
    if (equals == std::string_view::npos || Trim(pair.substr(0, equals)) != kSessionCookieName) continue;
    std::optional<std::string> token = http::PercentDecode(Trim(pair.substr(equals + 1)), false);
    if (token && !token->empty()) return token;
  }
  return std::nullopt;
}

http::Request WithCookieBearer(http::Request request) {
  if (request.headers.count("authorization") > 0) return request;
  if (std::optional<std::string> token = CookieToken(request)) request.headers["authorization"] = "Bearer " + *token;
  return request;
}

bool IsSameSiteFormPost(const http::Request& request) {
  auto origin = request.headers.find("origin");
  if (origin == request.headers.end()) return true;
  auto host = request.headers.find("host");
  // The host decides; the scheme is http or https depending on http.tls.
  return host != request.headers.end() &&
         (origin->second == "http://" + host->second || origin->second == "https://" + host->second);
}

std::string SessionCookie(const std::string& token, bool secure) {
  return std::string(kSessionCookieName) + "=" + http::PercentEncode(token) + kAttributes +
         (secure ? "; Secure" : "");
}

std::string ClearedSessionCookie() {
  return std::string(kSessionCookieName) + "=" + kAttributes + "; Max-Age=0";
}

}  // namespace kpiwatch::daemon
