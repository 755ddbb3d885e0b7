// What every daemon-talking command needs: reading its input, calling kpiwatchd and
// reading JSON replies, and printing JSON values as text.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>

#include "client/commands.h"
#include "detectors/core/status.h"

namespace kpiwatch::client {

// The whole file, or standard input for "-".
Result<std::string> ReadInput(const std::string& file);

// Calls the daemon and parses a JSON reply. On failure (unreachable, HTTP >= 300, not JSON)
// prints the error (the daemon's message and every detail) to stderr, sets exit code 1
// and returns nullopt.
std::optional<boost::json::value> CallJson(const GlobalOptions& options, const std::string& method,
                                           const std::string& target, const std::string& body = "",
                                           const std::string& content_type = "");

// A JSON value as table text: strings as they are, null as "", numbers and the rest as JSON.
std::string Text(const boost::json::value& value);
// Text of object[name], "" when missing.
std::string Field(const boost::json::object& object, const char* name);
// Percent-encodes everything but unreserved characters (for path segments and queries).
std::string UrlEncode(const std::string& text);

}  // namespace kpiwatch::client
