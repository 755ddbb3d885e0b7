#include "daemon/catalogue/catalogue_service.h"

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "daemon/store/meta_store.h"
#include "rules/formats/catalogue_parser.h"
#include "rules/formats/indicator_json.h"

namespace kpiwatch::daemon {
namespace {

bool SameDefinition(const Indicator& a, const Indicator& b) {
  return boost::json::serialize(IndicatorToJson(a)) == boost::json::serialize(IndicatorToJson(b));
}

Result<std::string> ReadWholeFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot read catalogue file " + path.string());
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace

CatalogueService::CatalogueService(store::Database& database, AuditLog& audit,
                                   std::optional<std::filesystem::path> file)
    : database_(database), audit_(audit), indicators_(database), file_(std::move(file)) {}

Status CatalogueService::Start() {
  Result<std::vector<Indicator>> stored = indicators_.LoadAll();
  if (!stored.ok()) return stored.status();
  {
    std::lock_guard lock(snapshot_mutex_);
    current_ = std::make_shared<const Catalogue>(std::move(*stored));
  }
  return file_ ? ReloadFile() : Status::Ok();
}

Status CatalogueService::ReloadFile() {
  if (!file_) return Status::FailedPrecondition("no catalogue file is configured");
  Result<std::string> text = ReadWholeFile(*file_);
  if (!text.ok()) return text.status();
  Result<Catalogue> parsed = ParseCatalogueYaml(*text, file_->string());
  if (!parsed.ok()) {
    return Status(parsed.status().code(),
                  "catalogue " + file_->string() + " rejected, the running catalogue stays:\n" +
                      RenderErrorsWithSource(parsed.status(), *text),
                  parsed.status().details());
  }
  std::lock_guard lock(write_mutex_);
  Catalogue next = *Current();
  std::vector<Indicator> declared;
  for (const auto& [id, indicator] : parsed->indicators()) {
    declared.push_back(indicator);
    next.Upsert(indicator);
  }
  return Commit(declared, std::move(next), "catalogue-file");
}

Result<bool> CatalogueService::Put(Indicator indicator, const std::string& actor) {
  std::lock_guard lock(write_mutex_);
  std::shared_ptr<const Catalogue> current = Current();
  Catalogue next = *current;
  next.Upsert(indicator);
  if (Status references = ValidateIndicatorReferences(indicator, next); !references.ok()) {
    return references;
  }
  bool created = current->Find(indicator.id) == nullptr;
  Status committed = Commit({indicator}, std::move(next), actor);
  if (!committed.ok()) return committed;
  return created;
}

Result<std::vector<Indicator>> CatalogueService::History(const std::string& id) const {
  return indicators_.History(id);
}

std::shared_ptr<const Catalogue> CatalogueService::Current() const {
  std::lock_guard lock(snapshot_mutex_);
  return current_;
}

Status CatalogueService::Commit(const std::vector<Indicator>& declared, Catalogue next,
                                const std::string& actor) {
  std::shared_ptr<const Catalogue> current = Current();
  Result<std::uint64_t> version = store::ReadCounter(database_, "indicator_version");
  if (!version.ok()) return version.status();
  rocksdb::WriteBatch batch;
  std::uint64_t next_version = *version;
  std::vector<AuditEvent> events;
  for (const Indicator& indicator : declared) {
    const Indicator* previous = current->Find(indicator.id);
    if (previous != nullptr && SameDefinition(*previous, indicator)) continue;
    indicators_.Stage(indicator, previous, ++next_version, batch);
    events.push_back({actor, "indicator", {{"id", indicator.id},
                                           {"change", previous == nullptr ? "declared" : "changed"},
                                           {"definition", IndicatorToJson(indicator)}}});
  }
  if (batch.Count() > 0) {
    store::StageCounter(database_, batch, "indicator_version", next_version);
    if (Status written = audit_.Commit(batch, events); !written.ok()) return written;
  }
  std::lock_guard lock(snapshot_mutex_);
  current_ = std::make_shared<const Catalogue>(std::move(next));
  return Status::Ok();
}

}  // namespace kpiwatch::daemon
