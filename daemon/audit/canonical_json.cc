#include "daemon/audit/canonical_json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <vector>

namespace kpiwatch::daemon {
namespace {

void AppendString(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (byte < 0x20) {
      out += "\\u00";
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0xf]);
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
}

template <typename Number>
void AppendChars(std::string& out, Number number) {
  char buffer[32];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, number);
  out.append(buffer, error == std::errc() ? end : buffer);
}

void AppendDouble(std::string& out, double number) {
  constexpr double kExactIntegers = 9007199254740992.0;  // 2^53
  if (!std::isfinite(number)) {
    out += "null";
  } else if (number == std::trunc(number) && std::fabs(number) < kExactIntegers) {
    AppendChars(out, static_cast<std::int64_t>(number));
  } else {
    AppendChars(out, number);
  }
}

void Append(std::string& out, const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::null:
      out += "null";
      break;
    case boost::json::kind::bool_:
      out += value.get_bool() ? "true" : "false";
      break;
    case boost::json::kind::int64:
      AppendChars(out, value.get_int64());
      break;
    case boost::json::kind::uint64:
      AppendChars(out, value.get_uint64());
      break;
    case boost::json::kind::double_:
      AppendDouble(out, value.get_double());
      break;
    case boost::json::kind::string:
      AppendString(out, value.get_string());
      break;
    case boost::json::kind::array: {
      out.push_back('[');
      bool first = true;
      for (const boost::json::value& item : value.get_array()) {
        if (!first) out.push_back(',');
        first = false;
        Append(out, item);
      }
      out.push_back(']');
      break;
    }
    case boost::json::kind::object: {
      std::vector<const boost::json::key_value_pair*> members;
      for (const boost::json::key_value_pair& member : value.get_object())
        members.push_back(&member);
      // std::string_view compares as unsigned bytes (char_traits<char>::compare is memcmp-like).
      std::sort(members.begin(), members.end(), [](const auto* a, const auto* b) {
        return std::string_view(a->key()) < std::string_view(b->key());
      });
      out.push_back('{');
      for (std::size_t i = 0; i < members.size(); ++i) {
        if (i > 0) out.push_back(',');
        AppendString(out, members[i]->key());
        out.push_back(':');
        Append(out, members[i]->value());
      }
      out.push_back('}');
      break;
    }
  }
}

}  // namespace

std::string CanonicalJson(const boost::json::value& value) {
  std::string out;
  Append(out, value);
  return out;
}

}  // namespace kpiwatch::daemon
