#include "daemon/rules/rule_service.h"

#include <boost/json.hpp>

#include "daemon/store/key_encoding.h"
#include "daemon/text_file.h"
#include "rules/evaluation/default_rules.h"
#include "rules/formats/alert_json.h"
#include "rules/formats/catalogue_parser.h"
#include "rules/formats/timestamp.h"

namespace kpiwatch::daemon {
namespace {

constexpr const char* kDefaultSource = "default rules";

std::string Join(const std::vector<std::string>& names) {
  std::string joined;
  for (const std::string& name : names) joined += (joined.empty() ? "" : ", ") + name;
  return joined;
}

RuleSetDiff Diff(const RuleSet& before, const RuleSet& after) {
  RuleSetDiff diff;
  for (const Rule& rule : after.rules) {
    const Rule* old = before.Find(rule.name);
    if (old == nullptr) diff.added.push_back(rule.name);
    else if (boost::json::serialize(RuleToJson(*old)) != boost::json::serialize(RuleToJson(rule))) {
      diff.changed.push_back(rule.name);
    }
  }
  for (const Rule& rule : before.rules) {
    if (after.Find(rule.name) == nullptr) diff.removed.push_back(rule.name);
  }
  return diff;
}

boost::json::array ToJsonArray(const std::vector<std::string>& names) {
  return boost::json::array(names.begin(), names.end());
}

std::vector<std::string> FromJsonArray(const boost::json::value* json) {
  std::vector<std::string> names;
  if (json == nullptr || !json->is_array()) return names;
  for (const auto& name : json->as_array()) {
    if (name.is_string()) names.emplace_back(name.as_string());
  }
  return names;
}

boost::json::object DiffToJson(const RuleSetDiff& diff) {
  return {{"added", ToJsonArray(diff.added)},
          {"removed", ToJsonArray(diff.removed)},
          {"changed", ToJsonArray(diff.changed)},
          {"summary", diff.Summary()}};
}

std::string VersionKey(int version) {
  std::string key;
  store::AppendBigEndian64(key, static_cast<std::uint64_t>(version));
  return key;
}

boost::json::object VersionToJson(const RuleSetVersion& version) {
  return {{"version", version.version},
          {"author", version.author},
          {"source", version.source},
          {"activated_at", FormatTimestamp(version.activated_at)},
          {"text", version.text},
          {"diff", DiffToJson(version.diff)}};
}

Result<RuleSetVersion> VersionFromJson(const std::string& bytes) {
  boost::system::error_code error;
  boost::json::value json = boost::json::parse(bytes, error);
  if (error || !json.is_object()) return Status(StatusCode::kCorruption, "a stored rule-set version is not valid JSON");
  const boost::json::object& object = json.as_object();
  RuleSetVersion version;
  try {
    version.version = static_cast<int>(object.at("version").to_number<std::int64_t>());
    version.author = std::string(object.at("author").as_string());
    version.source = std::string(object.at("source").as_string());
    version.text = std::string(object.at("text").as_string());
    Result<std::chrono::sys_seconds> at = ParseTimestamp(object.at("activated_at").as_string());
    if (!at.ok()) return Status(StatusCode::kCorruption, "rule-set version: " + at.status().message());
    version.activated_at = *at;
    const boost::json::object& diff = object.at("diff").as_object();
    version.diff.added = FromJsonArray(diff.if_contains("added"));
    version.diff.removed = FromJsonArray(diff.if_contains("removed"));
    version.diff.changed = FromJsonArray(diff.if_contains("changed"));
  } catch (const std::exception& e) {
    return Status(StatusCode::kCorruption, std::string("a stored rule-set version is damaged: ") + e.what());
  }
  return version;
}

}  // namespace

std::string RuleSetDiff::Summary() const {
  std::string summary;
  auto part = [&](const std::vector<std::string>& names, const char* what) {
    if (names.empty()) return;
    if (!summary.empty()) summary += ", ";
    summary += std::to_string(names.size()) + " " + what + " (" + Join(names) + ")";
  };
  part(added, "added");
  part(removed, "removed");
  part(changed, "changed");
  return summary.empty() ? "no changes" : summary;
}

RuleService::RuleService(store::Database& database, AuditLog& audit, const CatalogueService& catalogue,
                         const Clock& clock, std::optional<std::filesystem::path> rules_file)
    : database_(database), audit_(audit), catalogue_(catalogue), clock_(clock), file_(std::move(rules_file)) {}

Status RuleService::Start() {
  Result<std::vector<RuleSetVersion>> versions = Versions();
  if (!versions.ok()) return versions.status();
  std::lock_guard lock(write_mutex_);
  if (!versions->empty()) {
    RuleSetVersion latest = std::move(versions->back());
    Result<ParsedRules> parsed = Check(latest.text, latest.source);
    if (!parsed.ok()) {
      return Status(StatusCode::kCorruption, "stored rule-set version " + std::to_string(latest.version) +
                                                 " no longer validates:\n" + parsed.status().ToString());
    }
    latest.rules = std::move(parsed->rules);
    latest.warnings = std::move(parsed->warnings);
    std::lock_guard snapshot(snapshot_mutex_);
    current_ = std::make_shared<const RuleSetVersion>(std::move(latest));
  }
  if (file_) {
    Result<std::string> text = ReadTextFile(*file_, "rules file");
    Result<std::shared_ptr<const RuleSetVersion>> activated =
        text.ok() ? ActivateLocked(*text, file_->string(), "rules-file") : Result<std::shared_ptr<const RuleSetVersion>>(text.status());
    if (activated.ok()) return Status::Ok();
    if (Current() == nullptr) {
      Result<std::shared_ptr<const RuleSetVersion>> defaults = ActivateLocked(DefaultRulesYaml(), kDefaultSource, "kpiwatchd");
      if (!defaults.ok()) return defaults.status();
    }
    return activated.status();
  }
  if (Current() == nullptr) {
    Result<std::shared_ptr<const RuleSetVersion>> defaults = ActivateLocked(DefaultRulesYaml(), kDefaultSource, "kpiwatchd");
    if (!defaults.ok()) return defaults.status();
  }
  return Status::Ok();
}

Result<ParsedRules> RuleService::Check(std::string_view text, std::string_view file_name) const {
  std::shared_ptr<const Catalogue> catalogue = catalogue_.Current();
  return ParseRulesYaml(text, file_name, DetectorRegistry::Builtin(), catalogue.get());
}

Result<std::shared_ptr<const RuleSetVersion>> RuleService::Activate(std::string_view text, std::string source,
                                                                    std::string author) {
  std::lock_guard lock(write_mutex_);
  return ActivateLocked(text, std::move(source), std::move(author));
}

Result<std::shared_ptr<const RuleSetVersion>> RuleService::ActivateLocked(std::string_view text,
                                                                          std::string source,
                                                                          std::string author) {
  std::shared_ptr<const RuleSetVersion> current = Current();
  if (current && current->text == text) return current;
  Result<ParsedRules> parsed = Check(text, source);
  if (!parsed.ok()) {
    return Status(parsed.status().code(),
                  "rule set from " + source + " rejected, the running rules stay:\n" +
                      RenderErrorsWithSource(parsed.status(), text),
                  parsed.status().details());
  }
  auto next = std::make_shared<RuleSetVersion>();
  next->version = current ? current->version + 1 : 1;
  next->author = std::move(author);
  next->source = std::move(source);
  next->activated_at = clock_.Now();
  next->text = std::string(text);
  next->diff = Diff(current ? current->rules : RuleSet{}, parsed->rules);
  next->rules = std::move(parsed->rules);
  next->warnings = std::move(parsed->warnings);

  rocksdb::WriteBatch batch;
  batch.Put(database_.handle(store::Family::kRules), VersionKey(next->version),
            boost::json::serialize(VersionToJson(*next)));
  AuditEvent event{next->author, "rules",
                   {{"version", next->version},
                    {"source", next->source},
                    {"rules", next->rules.rules.size()},
                    {"diff", DiffToJson(next->diff)}}};
  if (Status committed = audit_.Commit(batch, {event}); !committed.ok()) return committed;
  std::lock_guard snapshot(snapshot_mutex_);
  current_ = next;
  return std::shared_ptr<const RuleSetVersion>(next);
}

Status RuleService::ReloadFile() {
  if (!file_) return Status::FailedPrecondition("no rules file is configured");
  Result<std::string> text = ReadTextFile(*file_, "rules file");
  if (!text.ok()) return text.status();
  Result<std::shared_ptr<const RuleSetVersion>> activated = Activate(*text, file_->string(), "rules-file");
  return activated.ok() ? Status::Ok() : activated.status();
}

std::shared_ptr<const RuleSetVersion> RuleService::Current() const {
  std::lock_guard lock(snapshot_mutex_);
  return current_;
}

Result<std::vector<RuleSetVersion>> RuleService::Versions() const {
  std::vector<RuleSetVersion> versions;
  auto it = database_.NewIterator(store::Family::kRules);
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    Result<RuleSetVersion> version = VersionFromJson(it->value().ToString());
    if (!version.ok()) return version.status();
    versions.push_back(std::move(*version));
  }
  if (!it->status().ok()) return store::FromRocksDb(it->status(), "reading rule-set versions");
  return versions;
}

}  // namespace kpiwatch::daemon
