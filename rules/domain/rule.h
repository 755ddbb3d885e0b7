// Rule: which detector runs on which indicators, when, and when a finding becomes an alert.
//
// Rules are written by data stewards in YAML (rules/formats/rule_parser.h, docs/rules.md)
// and are plain values here. Every default lives beside its field in this file; the parser
// only fills what the YAML gives.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "detectors/core/status.h"
#include "rules/domain/indicator.h"

namespace kpiwatch {

enum class Severity { kInfo = 0, kWarning = 1, kCritical = 2 };  // ordered: info < critical
// "info", "warning", "critical".
const char* SeverityName(Severity severity);
Result<Severity> ParseSeverity(std::string_view text);

// Shell-style glob: '*' any run of characters, '?' one character; everything else literal.
bool GlobMatches(std::string_view pattern, std::string_view text);

// Which series a rule applies to. Every given criterion must hold; an empty list or an
// unset optional means "any".
struct RuleSelector {
  std::vector<std::string> indicators;   // ids or globs ("werkplein.uitstroom*")
  std::vector<std::string> labels;       // the indicator carries at least one of these labels
  std::optional<Layer> layer;
  std::vector<std::string> owner_teams;  // the indicator's owner_team is one of these
  std::vector<std::string> units;        // unit ids or globs
  std::vector<UnitKind> unit_kinds;      // the indicator's unit (count, amount, ...) is one of these

  bool MatchesIndicator(const Indicator& indicator) const;
  bool MatchesUnit(std::string_view unit) const;
  bool operator==(const RuleSelector&) const = default;
};

// When a rule runs: on every ingest batch touching a selected series, or once a day at a
// UTC time (for clock-based detectors such as staleness).
struct RuleSchedule {
  enum class Kind { kOnIngest, kDaily };
  Kind kind = Kind::kOnIngest;
  int minute_of_day = 0;  // kDaily: minutes after 00:00 UTC

  // "on_ingest" or "daily 06:00".
  std::string ToString() const;
  bool operator==(const RuleSchedule&) const = default;
};
// Parses "on_ingest" or "daily HH:MM" (24 h, UTC); the error says what is allowed.
Result<RuleSchedule> ParseRuleSchedule(std::string_view text);

// When a finding passes. A finding without a p-value passes max_p when its posterior
// probability is >= 1 - max_p; a finding with neither is judged on min_effect only.
struct RuleThresholds {
  std::optional<double> max_p;       // p-value <= max_p (in (0, 1])
  std::optional<double> min_effect;  // |effect_sd| >= min_effect (robust sd); NaN effect fails
  int min_points = 0;                // series (after the window) shorter than this: not run
  bool operator==(const RuleThresholds&) const = default;
};

// The defaults a rule gets for thresholds when the YAML gives none: max_p 0.01.
RuleThresholds DefaultThresholds();

// Benjamini-Hochberg control of the false-discovery rate over one evaluation round.
struct FdrControl {
  enum class Scope {
    kRule,      // over this rule's findings of the round
    kAllRules,  // over the findings of every rule with scope all_rules in the round
  };
  double q = 0.05;  // target false-discovery rate, in (0, 1)
  Scope scope = Scope::kRule;
  bool operator==(const FdrControl&) const = default;
};
// "rule", "all_rules".
const char* FdrScopeName(FdrControl::Scope scope);
Result<FdrControl::Scope> ParseFdrScope(std::string_view text);

struct Rule {
  std::string name;         // unique in the set: [a-z0-9_.-]+
  std::string description;
  RuleSelector select;
  std::string detector;                        // registry name
  std::map<std::string, std::string> params;   // raw text, validated against the registry
  RuleSchedule when;                           // default on_ingest
  std::optional<int> window_periods;           // the last N periods of the series; unset = all
  // The parser gives DefaultThresholds() (max_p 0.01, nothing else) when the YAML has no
  // `thresholds:`, and exactly the given ones when it has; a Rule built in code starts with none.
  RuleThresholds thresholds;
  Severity severity = Severity::kWarning;
  std::vector<std::string> notify;             // recipient groups
  // A new finding updates the latest alert with the same dedup key (instead of raising a
  // new one) while fewer than this many periods have passed since that alert was raised.
  int cooldown_periods = 0;
  // Template of the dedup key; {rule}, {indicator}, {unit}, {detector} and {kind} are
  // replaced. An open alert with the same key absorbs new findings.
  std::string dedup_key = "{rule}/{indicator}/{unit}";
  std::vector<std::string> questions;  // added to the finding's questions
  std::optional<FdrControl> fdr;

  // The dedup key for a finding of this rule.
  std::string DedupKey(std::string_view indicator, std::string_view unit,
                       std::string_view kind) const;
  bool operator==(const Rule&) const = default;
};

// The placeholders a dedup_key template may use: rule, indicator, unit, detector, kind.
const std::vector<std::string>& DedupKeyPlaceholders();

struct RuleSet {
  std::vector<Rule> rules;  // in file order

  // nullptr when there is no rule of that name.
  const Rule* Find(std::string_view name) const;
  bool operator==(const RuleSet&) const = default;
};

}  // namespace kpiwatch
