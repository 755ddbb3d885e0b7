#include "daemon/http/message.h"

#include <algorithm>
#include <cctype>

namespace kpiwatch::http {
namespace {

std::string ToLower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view Trim(std::string_view text) {
  const auto not_space = [](unsigned char c) { return !std::isspace(c); };
  auto begin = std::find_if(text.begin(), text.end(), not_space);
  auto end = std::find_if(text.rbegin(), text.rend(), not_space).base();
  return begin < end ? std::string_view(&*begin, end - begin) : std::string_view();
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string Request::ContentType() const {
  auto it = headers.find("content-type");
  if (it == headers.end()) return "";
  std::string_view value = it->second;
  return ToLower(Trim(value.substr(0, value.find(';'))));
}

std::optional<std::string> Request::BearerToken() const {
  auto it = headers.find("authorization");
  if (it == headers.end()) return std::nullopt;
  std::string_view value = Trim(it->second);
  constexpr std::string_view kScheme = "bearer ";
  if (value.size() <= kScheme.size() || ToLower(value.substr(0, kScheme.size())) != kScheme) {
    return std::nullopt;
  }
  std::string_view token = Trim(value.substr(kScheme.size()));
  if (token.empty()) return std::nullopt;
  return std::string(token);
}

std::optional<std::string> PercentDecode(std::string_view text, bool plus_as_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int high = HexValue(text[i + 1]);
      const int low = HexValue(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      out.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

bool ParseFormFields(std::string_view query, std::map<std::string, std::string>* out) {
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    auto key = PercentDecode(pair.substr(0, eq), true);
    auto value = PercentDecode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), true);
    if (!key || !value) return false;
    (*out)[*key] = *value;
  }
  return true;
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

Result<Request> MakeRequest(std::string method, std::string target, std::string body) {
  if (target.empty() || target.front() != '/') {
    return Status::InvalidArgument("request target must start with '/': " + target);
  }
  Request request;
  request.method = std::move(method);
  request.body = std::move(body);
  const size_t question = target.find('?');
  request.path = target.substr(0, question);
  if (question != std::string::npos &&
      !ParseFormFields(std::string_view(target).substr(question + 1), &request.query)) {
    return Status::InvalidArgument("bad percent-escape in query string: " + target);
  }
  request.target = std::move(target);
  return request;
}

}  // namespace kpiwatch::http
