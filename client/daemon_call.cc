#include "client/daemon_call.h"

#include <cctype>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "client/http_client.h"

namespace kpiwatch::client {

Result<std::string> ReadInput(const std::string& file) {
  std::ostringstream content;
  if (file == "-") {
    content << std::cin.rdbuf();
    return content.str();
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return Status::IoError("cannot read " + file);
  content << in.rdbuf();
  return content.str();
}

std::optional<boost::json::value> CallJson(const GlobalOptions& options, const std::string& method,
                                           const std::string& target, const std::string& body,
                                           const std::string& content_type) {
  Result<HttpReply> reply =
      HttpCall(options.server, method, target, body, content_type, options.token);
  if (!reply.ok()) {
    std::cerr << "kpiwatch: " << reply.status().message() << "\n";
    SetExitCode(1);
    return std::nullopt;
  }
  if (reply->status >= 300) {
    std::cerr << "kpiwatch: " << ErrorMessageFromReply(*reply) << "\n";
    SetExitCode(1);
    return std::nullopt;
  }
  boost::system::error_code error;
  boost::json::value json = boost::json::parse(reply->body, error);
  if (error) {
    std::cerr << "kpiwatch: the daemon sent a reply that is not JSON\n";
    SetExitCode(1);
    return std::nullopt;
  }
  return json;
}

std::string Text(const boost::json::value& value) {
  if (value.is_string()) return std::string(value.as_string());
  if (value.is_null()) return "";
  if (value.is_double()) {
    std::ostringstream out;
    out << value.as_double();
    return out.str();
  }
  return boost::json::serialize(value);
}

std::string Field(const boost::json::object& object, const char* name) {
  auto found = object.find(name);
  return found == object.end() ? "" : Text(found->value());
}

std::string UrlEncode(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      char buffer[4];
      std::snprintf(buffer, sizeof buffer, "%%%02X", c);
      out += buffer;
    }
  }
  return out;
}

}  // namespace kpiwatch::client
