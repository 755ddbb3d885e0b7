#include "daemon/report/history_csv.h"

#include <array>
#include <cmath>

#include "daemon/report/text_format.h"
#include "rules/formats/timestamp.h"

namespace kpiwatch::daemon::report {
namespace {

enum Column { kRecord, kIndicator, kUnit, kPeriod, kValue, kOldValue, kN, kTarget, kAlertId, kRule, kRuleVersion,
              kSeverity, kStatus, kAction, kCategory, kAuthor, kTime, kText, kColumns };

constexpr std::array<const char*, kColumns> kHeader = {
    "record", "indicator", "unit", "period", "value", "old_value", "n", "target", "alert_id", "rule",
    "rule_version", "severity", "status", "action", "category", "author", "time", "text"};

using Fields = std::array<std::string, kColumns>;

class CsvWriter {
 public:
  explicit CsvWriter(CsvLocale locale)
      : delimiter_(locale == CsvLocale::kDutch ? ';' : ','), decimal_(locale == CsvLocale::kDutch ? ',' : '.') {
    out_ = "\xEF\xBB\xBF";
    Fields header;
    for (int i = 0; i < kColumns; ++i) header[i] = kHeader[i];
    Write(header, false);
  }

  std::string Number(double value) const { return std::isnan(value) ? "" : FormatNumber(value, decimal_); }

  // Adds a row; `guard_formulas` for rows of user text.
  void Write(const Fields& fields, bool guard_formulas = true) {
    for (int i = 0; i < kColumns; ++i) {
      if (i > 0) out_.push_back(delimiter_);
      out_ += Quote(fields[i], guard_formulas && IsTextColumn(i));
    }
    out_ += "\r\n";
  }

  std::string Take() { return std::move(out_); }

 private:
  static bool IsTextColumn(int column) {
    return column == kIndicator || column == kUnit || column == kRule || column == kAuthor || column == kText ||
           column == kAction;
  }

  std::string Quote(std::string field, bool guard) const {
    if (guard && !field.empty() && (field[0] == '=' || field[0] == '+' || field[0] == '-' || field[0] == '@')) {
      field.insert(field.begin(), '\'');
    }
    if (field.find_first_of(std::string{delimiter_, '"', '\n', '\r'}) == std::string::npos) return field;
    std::string quoted = "\"";
    for (char c : field) {
      if (c == '"') quoted += "\"\"";
      else quoted.push_back(c);
    }
    return quoted + "\"";
  }

  char delimiter_;
  char decimal_;
  std::string out_;
};

std::string UnixTime(std::int64_t seconds) {
  return FormatTimestamp(std::chrono::sys_seconds{std::chrono::seconds(seconds)});
}

// The target in force at `period`, as a number; "" when none applies.
std::string TargetAt(const Indicator& indicator, const Period& period, const CsvWriter& csv) {
  if (!indicator.target) return "";
  const Target& target = *indicator.target;
  if (target.valid_from && target.valid_from->cadence() == period.cadence() && period < *target.valid_from) return "";
  return csv.Number(target.value);
}

}  // namespace

Result<CsvLocale> ParseCsvLocale(std::string_view text) {
  if (text == "en" || text.empty()) return CsvLocale::kEnglish;
  if (text == "nl") return CsvLocale::kDutch;
  return Status::InvalidArgument("unknown locale '" + std::string(text) + "' (allowed: en, nl)",
                                 {{.field = "locale", .reason = "must be en or nl"}});
}

std::string RenderHistoryCsv(const IndicatorHistory& history, CsvLocale locale) {
  CsvWriter csv(locale);
  const Indicator& indicator = history.indicator;
  const std::string& id = indicator.id;
  for (std::size_t i = 0; i < indicator.definition_changes.size(); ++i) {
    Fields row;
    row[kRecord] = "definition";
    row[kIndicator] = id;
    row[kPeriod] = indicator.definition_changes[i].ToString();
    row[kValue] = std::to_string(i + 2);
    row[kText] = "definition version " + std::to_string(i + 2) + " starts";
    csv.Write(row);
  }
  for (const UnitHistory& unit : history.units) {
    for (const store::SeriesPoint& point : unit.points) {
      Fields row;
      row[kRecord] = "point";
      row[kIndicator] = id;
      row[kUnit] = unit.unit;
      row[kPeriod] = point.period.ToString();
      row[kValue] = csv.Number(point.point.value);
      row[kN] = point.point.n ? csv.Number(*point.point.n) : "";
      row[kTarget] = TargetAt(indicator, point.period, csv);
      row[kTime] = UnixTime(point.point.reported_at);
      row[kText] = point.point.source;
      csv.Write(row);
    }
    for (const store::RevisionRecord& record : unit.restatements) {
      Fields row;
      row[kRecord] = "restatement";
      row[kIndicator] = id;
      row[kUnit] = unit.unit;
      row[kPeriod] = record.period.ToString();
      row[kValue] = csv.Number(record.revision.new_value);
      row[kOldValue] = csv.Number(record.revision.replaced.value);
      row[kTime] = UnixTime(record.revision.replaced_at);
      row[kText] = record.revision.replaced.source;
      csv.Write(row);
    }
  }
  for (const Alert& alert : history.alerts) {
    std::string alert_id = std::to_string(alert.id);
    Fields row;
    row[kRecord] = "alert";
    row[kIndicator] = id;
    row[kUnit] = alert.unit;
    row[kPeriod] = alert.finding.period;
    row[kAlertId] = alert_id;
    row[kRule] = alert.rule;
    row[kRuleVersion] = std::to_string(alert.rule_version);
    row[kSeverity] = SeverityName(alert.severity);
    row[kStatus] = AlertStatusName(alert.status);
    row[kTime] = FormatTimestamp(alert.created_at);
    row[kText] = alert.finding.explanation;
    csv.Write(row);
    if (alert.interpretation) {
      Fields interpretation;
      interpretation[kRecord] = "interpretation";
      interpretation[kIndicator] = id;
      interpretation[kUnit] = alert.unit;
      interpretation[kAlertId] = alert_id;
      interpretation[kCategory] = InterpretationCategoryName(alert.interpretation->category);
      interpretation[kAuthor] = alert.interpretation->author;
      interpretation[kTime] = FormatTimestamp(alert.interpretation->at);
      interpretation[kText] = alert.interpretation->note;
      csv.Write(interpretation);
    }
    for (const AlertTransition& step : alert.transitions) {
      Fields transition;
      transition[kRecord] = "transition";
      transition[kIndicator] = id;
      transition[kUnit] = alert.unit;
      transition[kAlertId] = alert_id;
      transition[kAction] = step.action;
      transition[kStatus] = AlertStatusName(step.to);
      transition[kAuthor] = step.actor;
      transition[kTime] = FormatTimestamp(step.at);
      transition[kText] = step.note;
      csv.Write(transition);
    }
  }
  return csv.Take();
}

}  // namespace kpiwatch::daemon::report
