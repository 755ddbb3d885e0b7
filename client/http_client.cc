#include "client/http_client.h"

#include <cstdlib>
#include <memory>
#include <string_view>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace kpiwatch::client {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using asio::ip::tcp;

constexpr auto kAsTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::uint64_t kMaxReplyBytes = std::uint64_t{1} << 30;

struct ServerUrl {
  bool tls = false;  // https://
  std::string host;
  std::string port = "80";
  std::string prefix;  // path prefix without a trailing '/', e.g. "" or "/kpiwatch"
};

bool IsDigits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

Result<ServerUrl> ParseServerUrl(std::string_view url) {
  const auto invalid = [&url](const std::string& why) {
    return Status::InvalidArgument("bad server URL '" + std::string(url) + "': " + why);
  };
  std::string_view rest = url;
  ServerUrl out;
  if (const size_t scheme_end = rest.find("://"); scheme_end != std::string_view::npos) {
    const std::string_view scheme = rest.substr(0, scheme_end);
    if (scheme != "http" && scheme != "https") return invalid("use http:// or https://");
    out.tls = scheme == "https";
    if (out.tls) out.port = "443";
    rest.remove_prefix(scheme_end + 3);
  }
  const size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) out.prefix = std::string(rest.substr(slash));
  while (!out.prefix.empty() && out.prefix.back() == '/') out.prefix.pop_back();
  size_t port_colon = authority.rfind(':');
  if (!authority.empty() && authority.front() == '[') {  // [::1]:8470
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return invalid("unclosed '[' in host");
    out.host = std::string(authority.substr(1, close - 1));
    port_colon = close + 1 < authority.size() && authority[close + 1] == ':'
                     ? close + 1
                     : std::string_view::npos;
  } else {
    out.host = std::string(authority.substr(0, port_colon));
  }
  if (port_colon != std::string_view::npos) out.port = std::string(authority.substr(port_colon + 1));
  if (out.host.empty()) return invalid("no host");
  if (!IsDigits(out.port) || std::stoul(out.port) > 65535) return invalid("bad port");
  return out;
}

struct Exchange {
  beast::error_code error;
  bool connected = false;
  HttpReply reply;
};

// The TLS client context: the system's trusted CAs, plus the PEM file in
// KPIWATCH_CA_CERT when set (for a daemon with its own or a self-signed certificate).
Result<std::unique_ptr<asio::ssl::context>> TlsClientContext() {
  auto context = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_client);
  beast::error_code error;
  context->set_default_verify_paths(error);
  if (const char* ca_file = std::getenv("KPIWATCH_CA_CERT"); ca_file != nullptr && *ca_file != 0) {
    context->load_verify_file(ca_file, error);
    if (error) {
      return Status::InvalidArgument(std::string("cannot load KPIWATCH_CA_CERT ") + ca_file + ": " +
                                     error.message());
    }
  }
  context->set_verify_mode(asio::ssl::verify_peer);
  return context;
}

// Writes the request on `stream` and reads the whole reply.
template <class Stream>
asio::awaitable<void> Talk(Stream& stream, bhttp::request<bhttp::string_body>& request,
                           Exchange& exchange) {
  auto [write_error, written] = co_await bhttp::async_write(stream, request, kAsTuple);
  if ((exchange.error = write_error)) co_return;
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(kMaxReplyBytes);
  auto [read_error, read] = co_await bhttp::async_read(stream, buffer, parser, kAsTuple);
  if ((exchange.error = read_error)) co_return;
  const auto& response = parser.get();
  exchange.reply.status = static_cast<int>(response.result_int());
  exchange.reply.content_type = std::string(response[bhttp::field::content_type]);
  exchange.reply.body = std::move(parser.get().body());
}

asio::awaitable<void> Run(const ServerUrl& url, bhttp::request<bhttp::string_body>& request,
                          std::chrono::seconds timeout, asio::ssl::context* tls_context,
                          Exchange& exchange) {
  auto executor = co_await asio::this_coro::executor;
  tcp::resolver resolver(executor);
  auto [resolve_error, endpoints] = co_await resolver.async_resolve(url.host, url.port, kAsTuple);
  if ((exchange.error = resolve_error)) co_return;
  beast::tcp_stream stream(executor);
  stream.expires_after(timeout);  // bounds the whole exchange, TLS included
  auto [connect_error, endpoint] = co_await stream.async_connect(endpoints, kAsTuple);
  if ((exchange.error = connect_error)) co_return;
  exchange.connected = true;
  if (tls_context == nullptr) {
    co_await Talk(stream, request, exchange);
  } else {
    asio::ssl::stream<beast::tcp_stream&> tls(stream, *tls_context);
    SSL_set_tlsext_host_name(tls.native_handle(), url.host.c_str());  // SNI
    tls.set_verify_callback(asio::ssl::host_name_verification(url.host));
    auto [handshake_error] = co_await tls.async_handshake(asio::ssl::stream_base::client, kAsTuple);
    if ((exchange.error = handshake_error)) co_return;
    co_await Talk(tls, request, exchange);
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

std::string Reason(const beast::error_code& error, std::chrono::seconds timeout) {
  if (error == asio::error::connection_refused) return "connection refused";
  if (error == beast::error::timeout) {
    return "no answer within " + std::to_string(timeout.count()) + " s";
  }
  if (error == asio::error::host_not_found || error == asio::error::host_not_found_try_again) {
    return "host not found";
  }
  return error.message();
}

}  // namespace

Result<HttpReply> HttpCall(const std::string& server_url, const std::string& method,
                           const std::string& target, const std::string& body,
                           const std::string& content_type, const std::string& token,
                           std::chrono::seconds timeout) {
  Result<ServerUrl> url = ParseServerUrl(server_url);
  if (!url.ok()) return url.status();
  bhttp::request<bhttp::string_body> request{bhttp::string_to_verb(method),
                                             url->prefix + target, 11};
  if (request.method() == bhttp::verb::unknown) request.method_string(method);
  request.set(bhttp::field::host, url->host + ":" + url->port);
  request.set(bhttp::field::user_agent, "kpiwatch");
  if (!content_type.empty()) request.set(bhttp::field::content_type, content_type);
  if (!token.empty()) request.set(bhttp::field::authorization, "Bearer " + token);
  request.keep_alive(false);
  request.body() = body;
  request.prepare_payload();

  std::unique_ptr<asio::ssl::context> tls_context;
  if (url->tls) {
    Result<std::unique_ptr<asio::ssl::context>> made = TlsClientContext();
    if (!made.ok()) return made.status();
    tls_context = std::move(*made);
  }
  asio::io_context io;
  Exchange exchange;
  asio::co_spawn(io, Run(*url, request, timeout, tls_context.get(), exchange), asio::detached);
  io.run();
  if (!exchange.error) return std::move(exchange.reply);
  const std::string reason = Reason(exchange.error, timeout);
  if (!exchange.connected) {
    return Status(StatusCode::kUnavailable,
                  "cannot reach kpiwatchd at " + server_url + ": " + reason +
                      " (is the daemon running? set --server or KPIWATCH_SERVER)");
  }
  return Status(StatusCode::kUnavailable,
                "kpiwatchd at " + server_url + " did not answer " + method + " " + target +
                    ": " + reason);
}

std::string ErrorMessageFromReply(const HttpReply& reply) {
  boost::system::error_code parse_error;
  const boost::json::value json = boost::json::parse(reply.body, parse_error);
  const boost::json::object* error = nullptr;
  if (!parse_error && json.is_object()) {
    if (const auto* found = json.as_object().if_contains("error")) error = found->if_object();
  }
  if (error == nullptr) {
    std::string_view first_line = std::string_view(reply.body).substr(0, reply.body.find('\n'));
    if (first_line.size() > 200) first_line = first_line.substr(0, 200);
    return "HTTP " + std::to_string(reply.status) +
           (first_line.empty() ? "" : ": " + std::string(first_line));
  }
  const auto text = [](const boost::json::object& object, const char* key) {
    const auto* member = object.if_contains(key);
    return member && member->is_string() ? std::string(member->as_string()) : std::string();
  };
  const auto number = [](const boost::json::object& object, const char* key) {
    const auto* member = object.if_contains(key);
    return member && member->is_int64() ? static_cast<int>(member->as_int64()) : 0;
  };
  std::string out = text(*error, "message");
  if (out.empty()) out = "HTTP " + std::to_string(reply.status) + " " + text(*error, "code");
  const auto* details = error->if_contains("details");
  if (details == nullptr || !details->is_array()) return out;
  for (const boost::json::value& item : details->as_array()) {
    if (!item.is_object()) continue;
    const boost::json::object& object = item.as_object();
    ErrorDetail detail{text(object, "file"), number(object, "line"), number(object, "column"),
                       text(object, "field"), text(object, "reason")};
    out += "\n" + detail.ToString();
  }
  return out;
}

}  // namespace kpiwatch::client
