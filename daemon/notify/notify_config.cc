#include "daemon/notify/notify_config.h"

#include <charconv>
#include <functional>
#include <map>
#include <set>

#include "detectors/core/params.h"

namespace kpiwatch::notify {
namespace {

// Collects errors for one config file; `field` is the dotted path of the value.
struct SectionReader {
  const std::string& file;
  std::vector<ErrorDetail>& errors;

  void Error(const YAML::Node& node, const std::string& field, const std::string& reason) {
    errors.push_back({file, node.Mark().line + 1, node.Mark().column + 1, field, reason});
  }

  template <typename T>
  bool Scalar(const YAML::Node& node, const std::string& field, T& out, const char* expected) {
    if (node.IsScalar()) {
      try {
        out = node.as<T>();
        return true;
      } catch (const YAML::Exception&) {
      }
    }
    Error(node, field, std::string("expected ") + expected);
    return false;
  }

  bool Seconds(const YAML::Node& node, const std::string& field, std::chrono::seconds& out,
               long long scale, long long min) {
    long long value = 0;
    if (!Scalar(node, field, value, "a whole number")) return false;
    if (value < min) {
      Error(node, field, "must be at least " + std::to_string(min));
      return false;
    }
    out = std::chrono::seconds(value * scale);
    return true;
  }

  // Calls `read(key, value)` for every entry of a mapping; unknown keys are errors.
  void Mapping(const YAML::Node& node, const std::string& field,
               const std::vector<std::string>& keys,
               const std::function<void(const std::string&, const YAML::Node&)>& read) {
    if (!node.IsMap()) {
      Error(node, field, "expected a mapping");
      return;
    }
    for (const auto& entry : node) {
      std::string key = entry.first.as<std::string>();
      bool known = false;
      for (const auto& candidate : keys) known = known || candidate == key;
      if (!known) {
        std::string reason = "unknown setting";
        std::string closest = ClosestName(key, keys);
        if (!closest.empty()) reason += " (did you mean '" + closest + "'?)";
        Error(entry.first, field + "." + key, reason);
        continue;
      }
      read(key, entry.second);
    }
  }
};

// "HH:MM" -> minutes after midnight.
std::optional<std::chrono::minutes> ParseTimeOfDay(const std::string& text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  int hours = 0;
  int minutes = 0;
  auto [end_h, error_h] = std::from_chars(text.data(), text.data() + 2, hours);
  auto [end_m, error_m] = std::from_chars(text.data() + 3, text.data() + 5, minutes);
  if (error_h != std::errc() || error_m != std::errc() || end_h != text.data() + 2 ||
      end_m != text.data() + 5 || hours > 23 || minutes > 59) {
    return std::nullopt;
  }
  return std::chrono::minutes(hours * 60 + minutes);
}

bool LooksLikeAddress(const std::string& address) {
  std::size_t at = address.find('@');
  return at != std::string::npos && at > 0 && at + 1 < address.size() &&
         address.find_first_of(" \t\r\n<>,;\"") == std::string::npos;
}

void ReadGroup(SectionReader& reader, const YAML::Node& node, const std::string& field,
               RecipientGroup& group) {
  static const std::vector<std::string> keys = {"name",      "addresses",    "language",  "mode",
                                                "digest_at", "min_severity", "hourly_cap"};
  bool has_name = false;
  bool has_addresses = false;
  reader.Mapping(node, field, keys, [&](const std::string& key, const YAML::Node& value) {
    std::string name = field + "." + key;
    std::string text;
    if (key == "name") {
      has_name = reader.Scalar(value, name, group.name, "a group name") && !group.name.empty();
    } else if (key == "addresses") {
      has_addresses = true;
      if (!value.IsSequence() || value.size() == 0) {
        reader.Error(value, name, "expected a list of one or more e-mail addresses");
        return;
      }
      for (std::size_t i = 0; i < value.size(); ++i) {
        std::string address;
        std::string item = name + "[" + std::to_string(i) + "]";
        if (!reader.Scalar(value[i], item, address, "an e-mail address")) continue;
        if (!LooksLikeAddress(address)) {
          reader.Error(value[i], item, "'" + address + "' is not an e-mail address (name@domain)");
          continue;
        }
        group.addresses.push_back(address);
      }
    } else if (key == "language") {
      if (!reader.Scalar(value, name, text, "en or nl")) return;
      if (text == "en") {
        group.language = Language::kEnglish;
      } else if (text == "nl") {
        group.language = Language::kDutch;
      } else {
        reader.Error(value, name, "unknown language '" + text + "' (allowed: en, nl)");
      }
    } else if (key == "mode") {
      if (!reader.Scalar(value, name, text, "immediate or digest")) return;
      if (text == "immediate") {
        group.mode = DeliveryMode::kImmediate;
      } else if (text == "digest") {
        group.mode = DeliveryMode::kDigest;
      } else {
        reader.Error(value, name, "unknown mode '" + text + "' (allowed: immediate, digest)");
      }
    } else if (key == "digest_at") {
      if (!reader.Scalar(value, name, text, "a time of day HH:MM (UTC)")) return;
      auto parsed = ParseTimeOfDay(text);
      if (!parsed) {
        reader.Error(value, name, "'" + text + "' is not a time of day HH:MM (UTC), e.g. 08:00");
        return;
      }
      group.digest_at = *parsed;
    } else if (key == "min_severity") {
      if (!reader.Scalar(value, name, text, "info, warning or critical")) return;
      auto severity = ParseSeverity(text);
      if (!severity.ok()) {
        reader.Error(value, name, severity.status().message());
        return;
      }
      group.min_severity = *severity;
    } else if (key == "hourly_cap") {
      int cap = 0;
      if (!reader.Scalar(value, name, cap, "a whole number")) return;
      if (cap < 1) {
        reader.Error(value, name, "must be at least 1");
        return;
      }
      group.hourly_cap = cap;
    }
  });
  if (node.IsMap() && !has_name) reader.Error(node, field + ".name", "a group needs a name");
  if (node.IsMap() && !has_addresses) {
    reader.Error(node, field + ".addresses", "a group needs at least one address");
  }
}

void ReadSmtp(SectionReader& reader, const YAML::Node& node, SmtpSettings& smtp) {
  static const std::vector<std::string> keys = {"host",
                                                "port",
                                                "tls",
                                                "username",
                                                "password",
                                                "connect_timeout_seconds",
                                                "timeout_seconds",
                                                "verify_peer"};
  bool has_host = false;
  bool has_port = false;
  reader.Mapping(node, "notify.smtp", keys, [&](const std::string& key, const YAML::Node& value) {
    std::string name = "notify.smtp." + key;
    std::string text;
    if (key == "host") {
      has_host = reader.Scalar(value, name, smtp.host, "a host name") && !smtp.host.empty();
    } else if (key == "port") {
      int port = 0;
      if (!reader.Scalar(value, name, port, "a port number")) return;
      if (port < 1 || port > 65535) {
        reader.Error(value, name, "port must be 1..65535");
        return;
      }
      smtp.port = port;
      has_port = true;
    } else if (key == "tls") {
      if (!reader.Scalar(value, name, text, "none, starttls or implicit")) return;
      if (text == "none") {
        smtp.tls = SmtpTls::kNone;
      } else if (text == "starttls") {
        smtp.tls = SmtpTls::kStartTls;
      } else if (text == "implicit") {
        smtp.tls = SmtpTls::kImplicit;
      } else {
        reader.Error(value, name,
                     "unknown tls mode '" + text + "' (allowed: none, starttls, implicit)");
      }
    } else if (key == "username") {
      reader.Scalar(value, name, smtp.username, "a user name");
    } else if (key == "password") {
      reader.Scalar(value, name, smtp.password, "a password");
    } else if (key == "connect_timeout_seconds") {
      reader.Seconds(value, name, smtp.connect_timeout, 1, 1);
    } else if (key == "timeout_seconds") {
      reader.Seconds(value, name, smtp.timeout, 1, 1);
    } else if (key == "verify_peer") {
      reader.Scalar(value, name, smtp.verify_peer, "true or false");
    }
  });
  if (node.IsMap() && !has_host) reader.Error(node, "notify.smtp.host", "smtp needs a host");
  if (!has_port && smtp.tls == SmtpTls::kImplicit) smtp.port = 465;
}

}  // namespace

const char* LanguageName(Language language) { return language == Language::kDutch ? "nl" : "en"; }

const char* DeliveryModeName(DeliveryMode mode) {
  return mode == DeliveryMode::kDigest ? "digest" : "immediate";
}

const char* SmtpTlsName(SmtpTls tls) {
  switch (tls) {
    case SmtpTls::kNone:
      return "none";
    case SmtpTls::kStartTls:
      return "starttls";
    case SmtpTls::kImplicit:
      return "implicit";
  }
  return "starttls";
}

const RecipientGroup* NotifyConfig::FindGroup(const std::string& name) const {
  for (const auto& group : groups) {
    if (group.name == name) return &group;
  }
  return nullptr;
}

void ReadNotifySection(const YAML::Node& section, const std::string& file, NotifyConfig& config,
                       std::vector<ErrorDetail>& errors) {
  SectionReader reader{file, errors};
  static const std::vector<std::string> keys = {"groups", "smtp", "from", "base_url", "retry"};
  reader.Mapping(section, "notify", keys, [&](const std::string& key, const YAML::Node& value) {
    std::string name = "notify." + key;
    if (key == "groups") {
      if (!value.IsSequence()) {
        reader.Error(value, name, "expected a list of recipient groups");
        return;
      }
      std::set<std::string> names;
      for (std::size_t i = 0; i < value.size(); ++i) {
        RecipientGroup group;
        std::string field = name + "[" + std::to_string(i) + "]";
        ReadGroup(reader, value[i], field, group);
        if (!group.name.empty() && !names.insert(group.name).second) {
          reader.Error(value[i], field + ".name", "duplicate group name '" + group.name + "'");
          continue;
        }
        config.groups.push_back(std::move(group));
      }
    } else if (key == "smtp") {
      SmtpSettings smtp;
      ReadSmtp(reader, value, smtp);
      config.smtp = std::move(smtp);
    } else if (key == "from") {
      if (reader.Scalar(value, name, config.from, "an e-mail address") &&
          !LooksLikeAddress(config.from)) {
        reader.Error(value, name, "'" + config.from + "' is not an e-mail address (name@domain)");
      }
    } else if (key == "base_url") {
      if (reader.Scalar(value, name, config.base_url, "a URL") &&
          config.base_url.rfind("http://", 0) != 0 && config.base_url.rfind("https://", 0) != 0) {
        reader.Error(value, name, "expected an http:// or https:// URL");
      }
      while (!config.base_url.empty() && config.base_url.back() == '/') config.base_url.pop_back();
    } else if (key == "retry") {
      static const std::vector<std::string> retry_keys = {"initial_seconds", "max_seconds",
                                                          "give_up_hours"};
      reader.Mapping(value, name, retry_keys,
                     [&](const std::string& retry_key, const YAML::Node& v) {
                       std::string field = name + "." + retry_key;
                       if (retry_key == "initial_seconds")
                         reader.Seconds(v, field, config.retry.initial, 1, 1);
                       if (retry_key == "max_seconds")
                         reader.Seconds(v, field, config.retry.max, 1, 1);
                       if (retry_key == "give_up_hours")
                         reader.Seconds(v, field, config.retry.give_up, 3600, 1);
                     });
    }
  });
}

}  // namespace kpiwatch::notify
