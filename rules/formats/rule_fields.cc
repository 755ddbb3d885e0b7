#include "rules/formats/rule_fields.h"

#include <algorithm>
#include <climits>

namespace kpiwatch {
namespace {

using Kind = FieldNode::Kind;

bool IsRuleNameCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

// The reason a dedup_key template is bad, or "" when it is good.
std::string BadDedupKeyReason(std::string_view key) {
  const std::vector<std::string>& allowed = DedupKeyPlaceholders();
  for (std::size_t open = key.find('{'); open != std::string_view::npos;
       open = key.find('{', open + 1)) {
    std::size_t close = key.find('}', open);
    if (close == std::string_view::npos)
      return "'{' at offset " + std::to_string(open) + " is not closed";
    std::string name(key.substr(open + 1, close - open - 1));
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      return "unknown placeholder {" + name +
             "} (allowed: {rule}, {indicator}, {unit}, {detector}, {kind})";
    }
  }
  return "";
}

// The shared reader, plus the rule being built and its field prefix.
class RuleReader : public FieldReader {
 public:
  RuleReader(std::string_view file_name, std::vector<ErrorDetail>& errors,
             const std::string& prefix)
      : FieldReader(file_name, errors), prefix_(prefix) {}

  std::string Field(const std::string& name) const { return prefix_ + "." + name; }

  void ReadSelector(const FieldNode& node, RuleSelector& select);
  void ReadThresholds(const FieldNode& node, RuleThresholds& thresholds);
  void ReadFdr(const FieldNode& node, std::optional<FdrControl>& fdr);
  void ReadParams(const FieldNode& node, std::map<std::string, std::string>& params);
  void ReadName(const FieldNode& node, std::string& name);
  void ReadWindow(const FieldNode& node, std::optional<int>& window);
  void ReadCooldown(const FieldNode& node, int& cooldown);
  void ReadDedupKey(const FieldNode& node, std::string& dedup_key);

 private:
  std::string prefix_;
};

void RuleReader::ReadSelector(const FieldNode& node, RuleSelector& select) {
  const std::string field = Field("select");
  if (!IsMap(node, field,
             "must be a map (indicators, labels, layer, owner_teams, units, unit_kinds)")) {
    return;
  }
  static const std::vector<std::string> known = {"indicators", "labels", "layer",     "owner_teams",
                                                 "owner_team", "units",  "unit_kinds"};
  CheckKeys(node, known, field + ".");
  for (const auto& [key, value] : node.entries) {
    if (value.kind == Kind::kNull) continue;
    const std::string name = field + "." + key;
    if (key == "indicators") {
      select.indicators = TextList(value, name);
    } else if (key == "labels") {
      select.labels = TextList(value, name);
    } else if (key == "layer") {
      select.layer = Choice(value, name, ParseLayer);
    } else if (key == "owner_teams") {
      std::vector<std::string> teams = TextList(value, name);
      select.owner_teams.insert(select.owner_teams.end(), teams.begin(), teams.end());
    } else if (key == "owner_team") {
      if (auto team = NonEmptyText(value, name)) select.owner_teams.push_back(*team);
    } else if (key == "units") {
      select.units = TextList(value, name);
    } else if (key == "unit_kinds" && IsList(value, name)) {
      for (std::size_t i = 0; i < value.items.size(); ++i) {
        std::string item = name + "[" + std::to_string(i) + "]";
        if (auto kind = Choice(value.items[i], item, ParseUnitKind))
          select.unit_kinds.push_back(*kind);
      }
    }
  }
}

void RuleReader::ReadThresholds(const FieldNode& node, RuleThresholds& thresholds) {
  const std::string field = Field("thresholds");
  thresholds = RuleThresholds{};  // given thresholds replace the defaults entirely
  if (!IsMap(node, field, "must be a map (max_p, min_effect, min_points)")) return;
  CheckKeys(node, {"max_p", "min_effect", "min_points"}, field + ".");
  if (const FieldNode* max_p = node.Find("max_p")) {
    auto value = Number(*max_p, field + ".max_p");
    if (value && (*value <= 0.0 || *value > 1.0)) {
      Fail(*max_p, field + ".max_p", "must be a p-value in (0, 1], e.g. 0.01");
    } else if (value) {
      thresholds.max_p = *value;
    }
  }
  if (const FieldNode* min_effect = node.Find("min_effect")) {
    auto value = Number(*min_effect, field + ".min_effect");
    if (value && *value < 0.0) {
      Fail(*min_effect, field + ".min_effect", "must be >= 0 (robust standard deviations)");
    } else if (value) {
      thresholds.min_effect = *value;
    }
  }
  if (const FieldNode* min_points = node.Find("min_points")) {
    if (auto value = WholeNumber(*min_points, field + ".min_points", 0, INT_MAX)) {
      thresholds.min_points = static_cast<int>(*value);
    }
  }
}

void RuleReader::ReadFdr(const FieldNode& node, std::optional<FdrControl>& fdr) {
  const std::string field = Field("fdr");
  if (!IsMap(node, field, "must be a map (q, scope)")) return;
  CheckKeys(node, {"q", "scope"}, field + ".");
  FdrControl control;
  if (const FieldNode* q = node.Find("q")) {
    auto value = Number(*q, field + ".q");
    if (value && (*value <= 0.0 || *value >= 1.0)) {
      Fail(*q, field + ".q", "must be a false-discovery rate in (0, 1), e.g. 0.05");
    } else if (value) {
      control.q = *value;
    }
  }
  if (const FieldNode* scope = node.Find("scope")) {
    if (auto value = Choice(*scope, field + ".scope", ParseFdrScope)) control.scope = *value;
  }
  fdr = control;
}

void RuleReader::ReadParams(const FieldNode& node, std::map<std::string, std::string>& params) {
  const std::string field = Field("params");
  if (!IsMap(node, field, "must be a map of parameter names to values")) return;
  for (const auto& [key, value] : node.entries) {
    if (value.kind != Kind::kScalar) {
      Fail(value, field + "." + key, "must be a single value (a number, a word or true/false)");
      continue;
    }
    params[key] = value.text;
  }
}

void RuleReader::ReadName(const FieldNode& node, std::string& name) {
  std::optional<std::string> text = NonEmptyText(node, Field("name"));
  if (!text) return;
  if (!std::all_of(text->begin(), text->end(), IsRuleNameCharacter)) {
    Fail(node, Field("name"),
         "rule name '" + *text + "' may only use lower-case letters, digits, '_', '.' and '-'");
    return;
  }
  name = *text;
}

void RuleReader::ReadWindow(const FieldNode& node, std::optional<int>& window) {
  if (node.kind == Kind::kScalar && node.text == "all") {
    window.reset();
    return;
  }
  if (node.kind == Kind::kScalar) {
    if (auto periods = ParseWholeNumber(node.text, 1, INT_MAX)) {
      window = static_cast<int>(*periods);
      return;
    }
  }
  Fail(node, Field("window"),
       GivenValue(node) + " a window (allowed: a whole number >= 1 of last periods, or all)");
}

void RuleReader::ReadCooldown(const FieldNode& node, int& cooldown) {
  if (node.kind == Kind::kScalar) {
    std::string_view text = node.text;
    for (std::string_view suffix : {" periods", " period"}) {
      if (text.ends_with(suffix)) {
        text.remove_suffix(suffix.size());
        break;
      }
    }
    if (auto periods = ParseWholeNumber(text, 0, INT_MAX)) {
      cooldown = static_cast<int>(*periods);
      return;
    }
  }
  Fail(node, Field("cooldown"),
       GivenValue(node) +
           " a number of periods (allowed: a whole number >= 0, e.g. "
           "3 or 3 periods)");
}

void RuleReader::ReadDedupKey(const FieldNode& node, std::string& dedup_key) {
  std::optional<std::string> text = NonEmptyText(node, Field("dedup_key"));
  if (!text) return;
  if (std::string reason = BadDedupKeyReason(*text); !reason.empty()) {
    Fail(node, Field("dedup_key"), std::move(reason));
    return;
  }
  dedup_key = *text;
}

}  // namespace

const std::vector<std::string>& RuleFieldNames() {
  static const std::vector<std::string> names = {
      "name",       "description", "select", "detector", "params",    "when",      "window",
      "thresholds", "severity",    "notify", "cooldown", "dedup_key", "questions", "fdr"};
  return names;
}

LocatedRule RuleFromFields(const FieldNode& node, const std::string& prefix,
                           std::string_view file_name, std::vector<ErrorDetail>& errors) {
  LocatedRule out;
  out.node = &node;
  RuleReader reader(file_name, errors, prefix);
  if (node.kind != Kind::kMap) {
    reader.Fail(node, prefix, "a rule must be a map of fields (name, detector, ...)");
    return out;
  }
  Rule& rule = out.rule;
  rule.thresholds = DefaultThresholds();  // replaced when the rule gives `thresholds:`
  reader.CheckKeys(node, RuleFieldNames(), prefix + ".");
  for (const auto& [key, value] : node.entries) {
    if (value.kind == Kind::kNull) continue;  // absent
    const std::string field = reader.Field(key);
    if (key == "name") {
      out.name = &value;
      reader.ReadName(value, rule.name);
    } else if (key == "description") {
      if (auto text = reader.Text(value, field)) rule.description = *text;
    } else if (key == "select") {
      out.select = &value;
      reader.ReadSelector(value, rule.select);
    } else if (key == "detector") {
      if (auto text = reader.NonEmptyText(value, field)) {
        out.detector = &value;
        rule.detector = *text;
      }
    } else if (key == "params") {
      if (value.kind == Kind::kMap) out.params = &value;
      reader.ReadParams(value, rule.params);
    } else if (key == "when") {
      out.when = &value;
      if (auto schedule = reader.Choice(value, field, ParseRuleSchedule)) rule.when = *schedule;
    } else if (key == "window") {
      reader.ReadWindow(value, rule.window_periods);
    } else if (key == "thresholds") {
      reader.ReadThresholds(value, rule.thresholds);
    } else if (key == "severity") {
      if (auto severity = reader.Choice(value, field, ParseSeverity)) rule.severity = *severity;
    } else if (key == "notify") {
      rule.notify = reader.TextList(value, field);
    } else if (key == "cooldown") {
      reader.ReadCooldown(value, rule.cooldown_periods);
    } else if (key == "dedup_key") {
      reader.ReadDedupKey(value, rule.dedup_key);
    } else if (key == "questions") {
      rule.questions = reader.TextList(value, field);
    } else if (key == "fdr") {
      reader.ReadFdr(value, rule.fdr);
    }
  }
  for (const char* required : {"name", "detector"}) {
    if (node.Find(required) == nullptr)
      reader.Fail(node, reader.Field(required), "missing required field");
  }
  return out;
}

}  // namespace kpiwatch
