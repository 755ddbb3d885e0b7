// RuleService: the active rule set of kpiwatchd and its stored versions.
//
// Rules come from a rules file (--rules, SIGHUP reloads it), from PUT /v1/rules, or, when
// neither was ever given, from the shipped default rule set. A rule set is parsed and
// validated completely before it is activated; an invalid one is never activated and the
// running one stays. Every activated set is stored as a version (kRules family) with its
// author, source, text and a diff summary against the previous version, and audited
// (kind "rules") in the same WriteBatch. Readers take an immutable snapshot (Current()).
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "daemon/audit/audit_log.h"
#include "daemon/catalogue/catalogue_service.h"
#include "daemon/clock.h"
#include "daemon/store/database.h"
#include "rules/domain/rule.h"
#include "rules/formats/rule_parser.h"

namespace kpiwatch::daemon {

// What changed between two rule-set versions, by rule name.
struct RuleSetDiff {
  std::vector<std::string> added;
  std::vector<std::string> removed;
  std::vector<std::string> changed;
  // "2 added (a, b), 1 changed (c)" or "no changes".
  std::string Summary() const;
};

// One activated rule set.
struct RuleSetVersion {
  int version = 0;  // 1, 2, ...
  std::string author;
  std::string source;  // file name, "PUT /v1/rules" or "default rules"
  std::chrono::sys_seconds activated_at{};
  std::string text;    // the YAML as given
  RuleSetDiff diff;    // against the previous version
  RuleSet rules;       // parsed (not stored; rebuilt from text)
  std::vector<ErrorDetail> warnings;
};

class RuleService {
 public:
  RuleService(store::Database& database, AuditLog& audit, const CatalogueService& catalogue,
              const Clock& clock, std::optional<std::filesystem::path> rules_file);

  // Loads the latest stored version; then applies the rules file when configured and
  // different; when nothing is stored and no file is given, activates the default rules.
  // An invalid rules file is returned as an error after the stored (or default) set is
  // already active, like CatalogueService::Start.
  Status Start();
  // Parses and validates without activating (POST /v1/rules/check, `kpiwatch rules check`).
  Result<ParsedRules> Check(std::string_view text, std::string_view file_name) const;
  // Validates and activates. Unchanged text: returns the current version, stores nothing.
  // Invalid: InvalidArgument with every error (message rendered with source lines).
  Result<std::shared_ptr<const RuleSetVersion>> Activate(std::string_view text, std::string source,
                                                         std::string author);
  // Re-reads the rules file (SIGHUP).
  Status ReloadFile();

  // The active version; never null after Start().
  std::shared_ptr<const RuleSetVersion> Current() const;
  // Every stored version, oldest first (rules left empty; text kept).
  Result<std::vector<RuleSetVersion>> Versions() const;

 private:
  Result<std::shared_ptr<const RuleSetVersion>> ActivateLocked(std::string_view text, std::string source,
                                                               std::string author);

  store::Database& database_;
  AuditLog& audit_;
  const CatalogueService& catalogue_;
  const Clock& clock_;
  std::optional<std::filesystem::path> file_;
  std::mutex write_mutex_;
  mutable std::mutex snapshot_mutex_;
  std::shared_ptr<const RuleSetVersion> current_;
};

}  // namespace kpiwatch::daemon
