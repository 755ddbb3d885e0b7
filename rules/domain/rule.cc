#include "rules/domain/rule.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace kpiwatch {

const char* SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kInfo: return "info";
    case Severity::kWarning: return "warning";
    case Severity::kCritical: return "critical";
  }
  return "warning";
}

Result<Severity> ParseSeverity(std::string_view text) {
  for (Severity severity : {Severity::kInfo, Severity::kWarning, Severity::kCritical}) {
    if (text == SeverityName(severity)) return severity;
  }
  return Status::InvalidArgument("unknown severity '" + std::string(text) +
                                 "' (allowed: info, warning, critical)");
}

bool GlobMatches(std::string_view pattern, std::string_view text) {
  // Iterative wildcard matching with backtracking to the last '*'.
  std::size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

namespace {

bool AnyGlobMatches(const std::vector<std::string>& patterns, std::string_view text) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& pattern) { return GlobMatches(pattern, text); });
}

}  // namespace

bool RuleSelector::MatchesIndicator(const Indicator& indicator) const {
  if (!indicators.empty() && !AnyGlobMatches(indicators, indicator.id)) return false;
  if (!labels.empty() &&
      std::none_of(labels.begin(), labels.end(), [&](const std::string& label) {
        return std::find(indicator.labels.begin(), indicator.labels.end(), label) != indicator.labels.end();
      })) {
    return false;
  }
  if (layer && indicator.layer != layer) return false;
  if (!owner_teams.empty() &&
      std::find(owner_teams.begin(), owner_teams.end(), indicator.owner_team) == owner_teams.end()) {
    return false;
  }
  if (!unit_kinds.empty() &&
      std::find(unit_kinds.begin(), unit_kinds.end(), indicator.unit) == unit_kinds.end()) {
    return false;
  }
  return true;
}

bool RuleSelector::MatchesUnit(std::string_view unit) const {
  return units.empty() || AnyGlobMatches(units, unit);
}

std::string RuleSchedule::ToString() const {
  if (kind == Kind::kOnIngest) return "on_ingest";
  char text[24];
  std::snprintf(text, sizeof text, "daily %02d:%02d", minute_of_day / 60, minute_of_day % 60);
  return text;
}

Result<RuleSchedule> ParseRuleSchedule(std::string_view text) {
  RuleSchedule schedule;
  if (text == "on_ingest") return schedule;
  auto bad = [&] {
    return Status::InvalidArgument("unknown schedule '" + std::string(text) +
                                   "' (allowed: on_ingest, or daily HH:MM in UTC, e.g. daily 06:00)");
  };
  if (text.size() != 11 || text.substr(0, 6) != "daily " || text[8] != ':') return bad();
  for (std::size_t i : {6u, 7u, 9u, 10u}) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return bad();
  }
  int hours = (text[6] - '0') * 10 + (text[7] - '0');
  int minutes = (text[9] - '0') * 10 + (text[10] - '0');
  if (hours > 23 || minutes > 59) return bad();
  schedule.kind = RuleSchedule::Kind::kDaily;
  schedule.minute_of_day = hours * 60 + minutes;
  return schedule;
}

std::string Rule::DedupKey(std::string_view indicator, std::string_view unit,
                           std::string_view kind) const {
  std::string key;
  for (std::size_t i = 0; i < dedup_key.size();) {
    std::size_t close = dedup_key[i] == '{' ? dedup_key.find('}', i) : std::string::npos;
    if (close == std::string::npos) {
      key += dedup_key[i++];
      continue;
    }
    std::string_view placeholder = std::string_view(dedup_key).substr(i + 1, close - i - 1);
    if (placeholder == "rule") key += name;
    else if (placeholder == "indicator") key += indicator;
    else if (placeholder == "unit") key += unit;
    else if (placeholder == "detector") key += detector;
    else if (placeholder == "kind") key += kind;
    else key += dedup_key.substr(i, close - i + 1);  // unknown placeholder stays literal
    i = close + 1;
  }
  return key;
}

const char* FdrScopeName(FdrControl::Scope scope) {
  return scope == FdrControl::Scope::kAllRules ? "all_rules" : "rule";
}

Result<FdrControl::Scope> ParseFdrScope(std::string_view text) {
  if (text == "rule") return FdrControl::Scope::kRule;
  if (text == "all_rules") return FdrControl::Scope::kAllRules;
  return Status::InvalidArgument("unknown scope '" + std::string(text) + "' (allowed: rule, all_rules)");
}

const std::vector<std::string>& DedupKeyPlaceholders() {
  static const std::vector<std::string> names = {"rule", "indicator", "unit", "detector", "kind"};
  return names;
}

RuleThresholds DefaultThresholds() {
  RuleThresholds thresholds;
  thresholds.max_p = 0.01;
  return thresholds;
}

const Rule* RuleSet::Find(std::string_view name) const {
  for (const Rule& rule : rules) {
    if (rule.name == name) return &rule;
  }
  return nullptr;
}

}  // namespace kpiwatch
