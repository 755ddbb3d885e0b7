#include "daemon/auth/tokens_file.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <tuple>

#include "detectors/core/params.h"

namespace kpiwatch::daemon {
namespace {

class Parser {
 public:
  explicit Parser(std::string_view file_name) : file_name_(file_name) {}

  void Error(const YAML::Mark& mark, const std::string& field, const std::string& reason) {
    errors_.push_back({file_name_, mark.line < 0 ? 0 : mark.line + 1,
                       mark.line < 0 ? 0 : mark.column + 1, field, reason});
  }

  std::vector<TokenEntry> Tokens(const YAML::Node& root) {
    std::vector<TokenEntry> tokens;
    if (!root.IsMap()) {
      Error(root.Mark(), "", "expected a map with the key 'tokens:'");
      return tokens;
    }
    YAML::Node list;
    for (const auto& entry : root) {
      if (entry.first.Scalar() == "tokens") {
        list = entry.second;
        list_mark_ = entry.first.Mark();
      } else {
        Error(entry.first.Mark(), entry.first.Scalar(),
              "unknown top-level key (expected 'tokens')");
      }
    }
    if (!list.IsDefined()) {
      Error(root.Mark(), "tokens", "missing required key");
    } else if (!list.IsSequence()) {
      Error(list.IsNull() ? list_mark_ : list.Mark(), "tokens", "must be a list of tokens");
    } else {
      for (const YAML::Node& item : list) {
        if (std::optional<TokenEntry> token = Token(item)) tokens.push_back(std::move(*token));
      }
    }
    return tokens;
  }

  std::vector<ErrorDetail> TakeErrors() {
    std::stable_sort(errors_.begin(), errors_.end(),
                     [](const ErrorDetail& a, const ErrorDetail& b) {
                       return std::tie(a.line, a.column) < std::tie(b.line, b.column);
                     });
    return std::move(errors_);
  }

 private:
  struct Field {
    YAML::Node value;
    YAML::Mark key_mark;
    // The value's position, or the key's for "key:" without a value.
    YAML::Mark mark() const {
      return value.IsNull() || value.Mark().line < 0 ? key_mark : value.Mark();
    }
  };

  std::optional<TokenEntry> Token(const YAML::Node& item) {
    if (!item.IsMap()) {
      Error(item.Mark(), "", "a token must be a map with name, sha256 and roles");
      return std::nullopt;
    }
    static const std::vector<std::string> kKnown = {"name", "sha256", "roles"};
    std::map<std::string, Field> fields;
    for (const auto& entry : item) {
      const std::string key = entry.first.Scalar();
      if (std::find(kKnown.begin(), kKnown.end(), key) == kKnown.end()) {
        std::string reason = "unknown field";
        if (std::string guess = ClosestName(key, kKnown); !guess.empty())
          reason += " (did you mean '" + guess + "'?)";
        Error(entry.first.Mark(), key, reason);
        continue;
      }
      fields[key] = {entry.second, entry.first.Mark()};
    }
    std::size_t errors_before = errors_.size();
    TokenEntry token;
    ReadName(item, fields, token);
    ReadHash(item, fields, token);
    ReadRoles(item, fields, token);
    if (errors_.size() != errors_before) return std::nullopt;
    return token;
  }

  // The scalar text of a required field, or nullopt with an error.
  std::optional<std::string> RequiredScalar(const YAML::Node& item,
                                            const std::map<std::string, Field>& fields,
                                            const std::string& name) {
    auto found = fields.find(name);
    if (found == fields.end()) {
      Error(item.Mark(), name, "missing required field");
      return std::nullopt;
    }
    const Field& field = found->second;
    if (!field.value.IsScalar() || field.value.Scalar().empty()) {
      Error(field.mark(), name, "must be a non-empty text");
      return std::nullopt;
    }
    return field.value.Scalar();
  }

  void ReadName(const YAML::Node& item, const std::map<std::string, Field>& fields,
                TokenEntry& token) {
    std::optional<std::string> name = RequiredScalar(item, fields, "name");
    if (!name) return;
    const YAML::Mark mark = fields.at("name").mark();
    bool plain = std::all_of(name->begin(), name->end(), [](unsigned char c) {
      return std::isalnum(c) || c == '.' || c == '_' || c == '@' || c == '-';
    });
    if (!plain) {
      Error(mark, "name", "'" + *name + "' may hold only letters, digits and . _ @ -");
      return;
    }
    auto [first, inserted] = name_lines_.try_emplace(*name, mark.line + 1);
    if (!inserted) {
      Error(mark, "name",
            "duplicate name '" + *name + "' (first on line " + std::to_string(first->second) + ")");
      return;
    }
    token.name = *name;
  }

  void ReadHash(const YAML::Node& item, const std::map<std::string, Field>& fields,
                TokenEntry& token) {
    std::optional<std::string> hex = RequiredScalar(item, fields, "sha256");
    if (!hex) return;
    const YAML::Mark mark = fields.at("sha256").mark();
    if (!ParseDigestHex(*hex, token.sha256)) {
      Error(mark, "sha256",
            "must be the SHA-256 of the token: 64 hex digits (got " + std::to_string(hex->size()) +
                " characters)");
      return;
    }
    auto [first, inserted] = hash_lines_.try_emplace(DigestHex(token.sha256), mark.line + 1);
    if (!inserted) {
      Error(mark, "sha256",
            "the same token hash as on line " + std::to_string(first->second) +
                ": every token must be different");
    }
  }

  void ReadRoles(const YAML::Node& item, const std::map<std::string, Field>& fields,
                 TokenEntry& token) {
    auto found = fields.find("roles");
    if (found == fields.end()) {
      Error(item.Mark(), "roles", "missing required field");
      return;
    }
    const Field& field = found->second;
    if (!field.value.IsSequence() || field.value.size() == 0) {
      Error(field.mark(), "roles", "must be a non-empty list of roles, e.g. [controller]");
      return;
    }
    for (const YAML::Node& role : field.value) {
      if (!role.IsScalar()) {
        Error(role.Mark(), "roles", "each role must be a name, e.g. controller");
        continue;
      }
      Result<Role> parsed = ParseRole(role.Scalar());
      if (!parsed.ok()) {
        Error(role.Mark(), "roles", parsed.status().message());
      } else if (!std::count(token.roles.begin(), token.roles.end(), *parsed)) {
        token.roles.push_back(*parsed);
      }
    }
  }

  std::string file_name_;
  std::vector<ErrorDetail> errors_;
  YAML::Mark list_mark_;
  std::map<std::string, int> name_lines_;  // name -> line of its first entry
  std::map<std::string, int> hash_lines_;  // hex hash -> line of its first entry
};

}  // namespace

Result<std::vector<TokenEntry>> ParseTokensYaml(std::string_view text, std::string_view file_name) {
  Parser parser(file_name);
  std::vector<TokenEntry> tokens;
  try {
    tokens = parser.Tokens(YAML::Load(std::string(text)));
  } catch (const YAML::Exception& error) {
    parser.Error(error.mark, "", error.msg);
  }
  std::vector<ErrorDetail> errors = parser.TakeErrors();
  if (!errors.empty()) {
    std::size_t count = errors.size();
    return Status::InvalidArgument(
        "invalid tokens file: " + std::to_string(count) + (count == 1 ? " error" : " errors"),
        std::move(errors));
  }
  return tokens;
}

}  // namespace kpiwatch::daemon
