#include "client/detect_input.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <optional>
#include <set>
#include <tuple>

#include "rules/formats/csv_reader.h"

namespace kpiwatch::client {
namespace {

// One data row of the selected series, still as text.
struct RawPoint {
  std::string t;
  std::string value;
  std::string n;
  int line = 0;
  int t_column = 0;
  int value_column = 0;
  int n_column = 0;
};

int ColumnIndex(const CsvTable& table, std::string_view name) {
  auto found = std::find(table.header.begin(), table.header.end(), name);
  return found == table.header.end() ? -1 : static_cast<int>(found - table.header.begin());
}

RawPoint MakePoint(const CsvTable& table, std::size_t row, int t, int value, int n) {
  const auto& cells = table.rows[row];
  const auto& columns = table.columns[row];
  RawPoint point{cells[t], cells[value], n >= 0 ? cells[n] : "", table.lines[row], columns[t],
                 columns[value], n >= 0 ? columns[n] : 0};
  return point;
}

// The rows of the series the options select, or an error naming the choices.
// Also names `series` (indicator, unit) after the selected series.
Result<std::vector<RawPoint>> SelectRows(const CsvTable& table, const DetectInputOptions& options,
                                         Series& series) {
  int t = ColumnIndex(table, "t");
  int value = ColumnIndex(table, "value");
  int n = ColumnIndex(table, "n");
  int indicator = ColumnIndex(table, "indicator");
  int unit = ColumnIndex(table, "unit");
  int period = ColumnIndex(table, "period");
  std::vector<RawPoint> points;
  if (t >= 0 && value >= 0) {
    series.indicator = options.indicator.empty() ? options.series_name : options.indicator;
    series.unit = options.unit;
    for (std::size_t row = 0; row < table.rows.size(); ++row) {
      points.push_back(MakePoint(table, row, t, value, n));
    }
    return points;
  }
  if (indicator < 0 || unit < 0 || period < 0 || value < 0) {
    return Status::InvalidArgument(
        options.file_name + ": expected a header 't,value[,n]' or 'indicator,unit,period,value[,n]'");
  }
  std::set<std::pair<std::string, std::string>> in_file;
  for (std::size_t row = 0; row < table.rows.size(); ++row) {
    const auto& cells = table.rows[row];
    in_file.insert({cells[indicator], cells[unit]});
    bool indicator_ok = options.indicator.empty() || cells[indicator] == options.indicator;
    bool unit_ok = options.unit.empty() || cells[unit] == options.unit;
    if (indicator_ok && unit_ok) points.push_back(MakePoint(table, row, period, value, n));
  }
  std::set<std::pair<std::string, std::string>> selected;
  for (const auto& [id, unit_id] : in_file) {
    if ((options.indicator.empty() || id == options.indicator) &&
        (options.unit.empty() || unit_id == options.unit)) {
      selected.insert({id, unit_id});
    }
  }
  if (selected.size() != 1) {
    std::string list;
    for (const auto& [id, unit_id] : in_file) list += (list.empty() ? "" : ", ") + id + "/" + unit_id;
    std::string what = selected.empty() ? "no series matches" : "several series match";
    return Status::InvalidArgument(options.file_name + ": " + what +
                                   "; choose one with --indicator and --unit (series in the file: " +
                                   (list.empty() ? "none" : list) + ")");
  }
  std::tie(series.indicator, series.unit) = *selected.begin();
  return points;
}

// How the t column stamps rows: calendar periods of one cadence, or plain integers.
struct Stamps {
  std::vector<Period> periods;  // when every t is a period of one cadence
  std::vector<long long> integers;
};

std::optional<long long> ParseInteger(std::string_view text) {
  long long value = 0;
  auto [ptr, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || ptr != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

// Reads the t of every kept point; the first point decides the kind.
Stamps ReadStamps(const std::vector<RawPoint>& points, const std::string& file_name,
                  std::vector<ErrorDetail>& errors) {
  Stamps stamps;
  if (points.empty()) return stamps;
  Result<Period> first = Period::Parse(points.front().t);
  bool as_periods = first.ok();
  for (const RawPoint& point : points) {
    if (as_periods) {
      Result<Period> period = Period::Parse(point.t, first->cadence());
      if (!period.ok()) {
        errors.push_back({file_name, point.line, point.t_column, "t", period.status().message()});
      } else if (!stamps.periods.empty() && *period <= stamps.periods.back()) {
        errors.push_back({file_name, point.line, point.t_column, "t",
                          "'" + point.t + "' does not come after the previous row's period"});
      } else {
        stamps.periods.push_back(*period);
      }
      continue;
    }
    std::optional<long long> integer = ParseInteger(point.t);
    if (!integer) {
      errors.push_back({file_name, point.line, point.t_column, "t",
                        "'" + point.t + "' is not an integer, a date or a period"});
    } else if (!stamps.integers.empty() && *integer <= stamps.integers.back()) {
      errors.push_back({file_name, point.line, point.t_column, "t",
                        "'" + point.t + "' does not come after the previous row's t"});
    } else {
      stamps.integers.push_back(*integer);
    }
  }
  return stamps;
}

}  // namespace

Result<DetectSeries> LoadDetectSeries(std::string_view text, const DetectInputOptions& options) {
  CsvOptions csv_options;
  csv_options.decimal_comma = options.decimal_comma;
  Result<CsvTable> table = ReadCsv(text, csv_options, options.file_name);
  if (!table.ok()) return table.status();
  DetectSeries out;
  Result<std::vector<RawPoint>> rows = SelectRows(*table, options, out.series);
  if (!rows.ok()) return rows.status();
  std::vector<ErrorDetail> errors;
  std::vector<RawPoint> kept;
  bool any_n = false;
  for (std::size_t row = 0; row < rows->size(); ++row) {
    const RawPoint& point = (*rows)[row];
    Result<double> value = ParseDecimal(point.value, options.decimal_comma);
    if (!value.ok()) {
      if (options.skip_missing) {
        ++out.skipped_rows;
        continue;
      }
      errors.push_back({options.file_name, point.line, point.value_column, "value",
                        value.status().message() + " (use --skip-missing to skip such rows)"});
      continue;
    }
    double n = std::numeric_limits<double>::quiet_NaN();
    if (!point.n.empty()) {
      Result<double> parsed = ParseDecimal(point.n, options.decimal_comma);
      if (parsed.ok() && *parsed >= 0) {
        n = *parsed;
        any_n = true;
      } else {
        errors.push_back({options.file_name, point.line, point.n_column, "n",
                          parsed.ok() ? "must not be negative" : parsed.status().message()});
      }
    }
    kept.push_back(point);
    out.series.values.push_back(*value);
    out.series.denominators.push_back(n);
    out.row_of_point.push_back(row);
  }
  Stamps stamps = ReadStamps(kept, options.file_name, errors);
  if (!errors.empty()) {
    std::stable_sort(errors.begin(), errors.end(),
                     [](const ErrorDetail& a, const ErrorDetail& b) { return a.line < b.line; });
    std::set<int> bad_lines;
    for (const ErrorDetail& detail : errors) bad_lines.insert(detail.line);
    std::size_t count = bad_lines.size();
    return Status::InvalidArgument(
        std::to_string(count) + (count == 1 ? " bad row" : " bad rows") + " in " + options.file_name,
        std::move(errors));
  }
  out.series.periods = std::move(stamps.periods);
  if (!any_n) out.series.denominators.clear();
  return out;
}

}  // namespace kpiwatch::client
