// Helpers shared by the commands that talk to kpiwatchd: one JSON call with the
// CLI's error handling, and reading fields of a reply for tables.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>

#include "client/commands.h"

namespace kpiwatch::client {

// Calls the daemon (with --server and --token) and parses a JSON reply. On failure
// (unreachable, HTTP status >= 300, a reply that is not JSON) prints the error to stderr,
// sets exit code 1 and returns nullopt.
std::optional<boost::json::value> CallJson(const GlobalOptions& options, const std::string& method,
                                           const std::string& target, const std::string& body = "",
                                           const std::string& content_type = "");

// A JSON value as table text: strings as they are, null as "", numbers and the rest
// serialized.
std::string Text(const boost::json::value& value);
// Text(object[name]), "" when the member is missing.
std::string Field(const boost::json::object& object, const char* name);
// Percent-encodes everything but letters, digits and - _ . ~ (for path segments and
// query values).
std::string UrlEncode(const std::string& text);

}  // namespace kpiwatch::client
