// The indicator history as one CSV table, for Excel and for scripts.
//
// One row per record, the kind in the first column (so an auditor filters on it):
//   point            unit, period, value, n, target, reported_at (time), source (text)
//   restatement      unit, period, value (new), old_value, time (restated at), text (old source)
//   definition       period (first period of the version), value (version)
//   alert            alert_id, unit, period, rule, rule_version, severity, status,
//                    time (raised), text (explanation)
//   interpretation   alert_id, category, author, time, text (note)
//   transition       alert_id, action, status (to), author (actor), time, text (note)
// Columns: record, indicator, unit, period, value, old_value, n, target, alert_id, rule,
// rule_version, severity, status, action, category, author, time, text.
// Locale "en" (default): ',' between fields, '.' in numbers. Locale "nl": ';' and a
// decimal comma, as Excel expects with Dutch settings. Starts with a UTF-8 byte-order mark
// (so Excel reads the text as UTF-8); lines end in CRLF; fields with the delimiter, a
// quote or a line break are quoted; text starting with = + - @ gets a leading ' so that
// a spreadsheet does not run it as a formula.
#pragma once

#include <string>
#include <string_view>

#include "daemon/report/indicator_history.h"
#include "detectors/core/status.h"

namespace kpiwatch::daemon::report {

enum class CsvLocale { kEnglish, kDutch };

// "en" or "nl"; InvalidArgument otherwise.
Result<CsvLocale> ParseCsvLocale(std::string_view text);

std::string RenderHistoryCsv(const IndicatorHistory& history, CsvLocale locale);

}  // namespace kpiwatch::daemon::report
