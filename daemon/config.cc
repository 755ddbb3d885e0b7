#include "daemon/config.h"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <functional>
#include <map>

namespace kpiwatch::daemon {
namespace {

struct Reader {
  std::string file;
  std::vector<ErrorDetail> errors;

  void Error(const YAML::Node& node, const std::string& field, const std::string& reason) {
    errors.push_back({file, node.Mark().line + 1, node.Mark().column + 1, field, reason});
  }

  template <typename T>
  void Scalar(const YAML::Node& node, const std::string& field, T& out, const char* expected) {
    try {
      out = node.as<T>();
    } catch (const YAML::Exception&) {
      Error(node, field, std::string("expected ") + expected);
    }
  }
};

using FieldReader = std::function<void(Reader&, const YAML::Node&, Config&)>;

template <typename T>
FieldReader Number(T Config::*member, const char* expected, T min) {
  return [=](Reader& reader, const YAML::Node& node, Config& config) {
    T value{};
    std::size_t before = reader.errors.size();
    reader.Scalar(node, "", value, expected);
    if (reader.errors.size() != before) return;
    if (value < min) {
      reader.Error(node, "", std::string("must be at least ") + std::to_string(min));
      return;
    }
    config.*member = value;
  };
}

// A path setting; M is std::filesystem::path or std::optional of one.
template <typename M>
FieldReader Path(M Config::*member) {
  return [=](Reader& reader, const YAML::Node& node, Config& config) {
    std::string path;
    std::size_t before = reader.errors.size();
    reader.Scalar(node, "", path, "a path");
    if (reader.errors.size() == before) config.*member = std::filesystem::path(path);
  };
}

// Every accepted key, "section.key" for nested ones.
const std::map<std::string, FieldReader>& FieldReaders() {
  static const std::map<std::string, FieldReader> readers = {
      {"data_dir", Path(&Config::data_dir)},
      {"listen", [](Reader& r, const YAML::Node& n, Config& c) { r.Scalar(n, "", c.listen, "address:port"); }},
      {"catalogue", Path(&Config::catalogue)},
      {"rules", Path(&Config::rules)},
      {"scheduler.queue_capacity", Number(&Config::scheduler_queue_capacity, "a whole number", std::size_t{1})},
      {"log_level", [](Reader& r, const YAML::Node& n, Config& c) { r.Scalar(n, "", c.log_level, "a log level"); }},
      {"storage.sync_writes",
       [](Reader& r, const YAML::Node& n, Config& c) { r.Scalar(n, "", c.sync_writes, "true or false"); }},
      {"storage.block_cache_mb", Number(&Config::block_cache_mb, "a whole number", std::size_t{8})},
      {"http.max_body_bytes", Number(&Config::max_body_bytes, "a whole number", std::size_t{1024})},
      {"http.worker_threads", Number(&Config::worker_threads, "a whole number", 1)},
      {"http.read_timeout_seconds",
       [](Reader& r, const YAML::Node& n, Config& c) {
         int seconds = 0;
         r.Scalar(n, "", seconds, "a whole number of seconds");
         if (seconds > 0) c.read_timeout = std::chrono::seconds(seconds);
       }},
      {"http.tokens_file", Path(&Config::tokens_file)},
      {"http.tls.cert_file", Path(&Config::tls_cert_file)},
      {"http.tls.key_file", Path(&Config::tls_key_file)},
      {"spool.enabled",
       [](Reader& r, const YAML::Node& n, Config& c) { r.Scalar(n, "", c.spool_enabled, "true or false"); }},
      {"spool.dir", Path(&Config::spool_dir)},
      {"notify",
       [](Reader& r, const YAML::Node& n, Config& c) {
         notify::ReadNotifySection(n, r.file, c.notify, r.errors);
       }},
      {"spool.poll_interval_ms",
       [](Reader& r, const YAML::Node& n, Config& c) {
         int ms = 0;
         r.Scalar(n, "", ms, "a whole number of milliseconds");
         if (ms > 0) c.spool_poll = std::chrono::milliseconds(ms);
       }},
  };
  return readers;
}

void ReadMapping(Reader& reader, const YAML::Node& mapping, const std::string& prefix, Config& config) {
  for (const auto& entry : mapping) {
    std::string key = prefix + entry.first.as<std::string>();
    auto found = FieldReaders().find(key);
    if (entry.second.IsMap() && found == FieldReaders().end()) {
      ReadMapping(reader, entry.second, key + ".", config);
      continue;
    }
    if (found == FieldReaders().end()) {
      reader.Error(entry.first, key, "unknown setting");
      continue;
    }
    std::size_t before = reader.errors.size();
    found->second(reader, entry.second, config);
    for (std::size_t i = before; i < reader.errors.size(); ++i) {
      if (reader.errors[i].field.empty()) reader.errors[i].field = key;
    }
  }
}

}  // namespace

Result<Config> LoadConfigFile(const std::filesystem::path& path) {
  Reader reader{path.string(), {}};
  Config config;
  try {
    YAML::Node root = YAML::LoadFile(path.string());
    if (!root.IsNull() && !root.IsMap()) {
      return Status::InvalidArgument("config " + path.string() + ": expected a mapping of settings");
    }
    if (root.IsMap()) ReadMapping(reader, root, "", config);
  } catch (const YAML::BadFile&) {
    return Status::IoError("cannot read config file " + path.string());
  } catch (const YAML::Exception& error) {
    return Status::InvalidArgument("config " + path.string() + " is not valid YAML",
                                   {{path.string(), error.mark.line + 1, error.mark.column + 1, "",
                                     error.msg}});
  }
  if (!reader.errors.empty()) {
    return Status::InvalidArgument("config " + path.string() + " has errors", std::move(reader.errors));
  }
  return config;
}

Result<ListenAddress> ParseListenAddress(const std::string& listen) {
  std::size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return Status::InvalidArgument("listen address '" + listen + "' must be host:port");
  }
  ListenAddress address;
  address.host = listen.substr(0, colon);
  if (address.host.size() > 2 && address.host.front() == '[' && address.host.back() == ']') {
    address.host = address.host.substr(1, address.host.size() - 2);
  }
  if (address.host == "localhost") address.host = "127.0.0.1";
  unsigned port = 0;
  std::string port_text = listen.substr(colon + 1);
  auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (error != std::errc() || end != port_text.data() + port_text.size() || port > 65535) {
    return Status::InvalidArgument("listen address '" + listen + "': port must be 0..65535");
  }
  address.port = static_cast<std::uint16_t>(port);
  return address;
}

}  // namespace kpiwatch::daemon
