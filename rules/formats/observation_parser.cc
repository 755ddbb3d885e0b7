#include "rules/formats/observation_parser.h"

#include <algorithm>
#include <cctype>

#include "rules/formats/csv_reader.h"
#include "rules/formats/utf8.h"
#include "rules/formats/observation_rows.h"

namespace kpiwatch {
namespace {

using observation_rows::BatchStatus;
using observation_rows::FieldNames;
using observation_rows::RowChecker;

constexpr int kMissingColumn = -1;

// Column index of each observation field in the CSV header (kMissingColumn if absent);
// errors for unknown and missing required columns.
std::vector<int> MapHeader(const CsvTable& table, std::string_view file_name,
                           std::vector<ErrorDetail>& errors) {
  const std::vector<std::string>& names = FieldNames();
  std::vector<int> index(names.size(), kMissingColumn);
  RowChecker header(file_name, table.header_line, errors);
  for (std::size_t column = 0; column < table.header.size(); ++column) {
    auto found = std::find(names.begin(), names.end(), table.header[column]);
    if (found == names.end()) {
      header.Unknown(table.header[column], 0);
    } else {
      index[found - names.begin()] = static_cast<int>(column);
    }
  }
  for (std::size_t field = 0; field + 1 < names.size(); ++field) {  // n is optional
    if (index[field] == kMissingColumn) header.Fail(names[field], 0, "missing column");
  }
  return index;
}

Observation CsvRowToObservation(const CsvTable& table, std::size_t row_index,
                                const std::vector<int>& index, bool decimal_comma,
                                RowChecker& row) {
  const std::vector<std::string>& cells = table.rows[row_index];
  const std::vector<int>& columns = table.columns[row_index];
  auto cell = [&](int field) -> std::string_view { return cells[index[field]]; };
  auto column = [&](int field) { return columns[index[field]]; };
  auto number = [&](int field) -> std::optional<double> {
    Result<double> parsed = ParseDecimal(cell(field), decimal_comma);
    if (parsed.ok()) return *parsed;
    row.Fail(FieldNames()[field], column(field), parsed.status().message());
    return std::nullopt;
  };
  Observation observation;
  row.Text("indicator", cell(0), column(0), observation.indicator);
  row.Text("unit", cell(1), column(1), observation.unit);
  row.PeriodText(cell(2), column(2), observation.period);
  if (auto value = number(3)) row.Value(*value, column(3), observation.value);
  if (index[4] != kMissingColumn && !cell(4).empty()) {
    if (auto n = number(4)) row.Denominator(*n, column(4), observation);
  }
  return observation;
}

Result<ObservationBatch> ParseCsvObservations(std::string_view body, const ParseOptions& options) {
  std::vector<ErrorDetail> errors;
  CsvOptions csv_options;
  csv_options.decimal_comma = options.decimal_comma;
  CsvTable table = ReadCsvLenient(body, csv_options, options.file_name, errors);
  std::size_t total_rows = table.rows.size() + errors.size();
  if (table.header.empty()) return BatchStatus(std::move(errors), total_rows);
  std::size_t errors_before_header = errors.size();
  std::vector<int> index = MapHeader(table, options.file_name, errors);
  if (errors.size() > errors_before_header) {
    return Status::InvalidArgument("bad CSV header: expected indicator,unit,period,value[,n]",
                                   std::move(errors));
  }
  ObservationBatch batch;
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    RowChecker row(options.file_name, table.lines[i], errors);
    Observation observation = CsvRowToObservation(table, i, index, options.decimal_comma, row);
    if (!row.ok()) continue;
    batch.rows.push_back(std::move(observation));
    batch.lines.push_back(table.lines[i]);
  }
  if (options.catalogue != nullptr) {
    observation_rows::CollectCatalogueErrors(batch, *options.catalogue, options.file_name, errors);
  }
  if (Status status = BatchStatus(std::move(errors), total_rows); !status.ok()) return status;
  return batch;
}

ObservationFormat DetectFormat(std::string_view body) {
  std::size_t first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return ObservationFormat::kCsv;
  if (body[first] == '[') return ObservationFormat::kJson;
  if (body[first] == '{') return ObservationFormat::kNdjson;
  return ObservationFormat::kCsv;
}

}  // namespace

ObservationFormat FormatFromContentType(std::string_view content_type) {
  std::string media_type(content_type.substr(0, content_type.find(';')));
  media_type.erase(std::remove_if(media_type.begin(), media_type.end(),
                                  [](unsigned char c) { return std::isspace(c); }),
                   media_type.end());
  std::transform(media_type.begin(), media_type.end(), media_type.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (media_type == "application/json") return ObservationFormat::kJson;
  if (media_type == "application/x-ndjson") return ObservationFormat::kNdjson;
  if (media_type == "text/csv") return ObservationFormat::kCsv;
  return ObservationFormat::kAuto;
}

Result<ObservationBatch> ParseObservations(std::string_view body, const ParseOptions& options) {
  if (std::optional<ErrorDetail> invalid = InvalidUtf8Error(body, options.file_name)) {
    return Status::InvalidArgument("the batch is not valid UTF-8; nothing stored", {std::move(*invalid)});
  }
  ObservationFormat format =
      options.format == ObservationFormat::kAuto ? DetectFormat(body) : options.format;
  switch (format) {
    case ObservationFormat::kJson: return observation_rows::ParseJsonArray(body, options);
    case ObservationFormat::kNdjson: return observation_rows::ParseNdjson(body, options);
    case ObservationFormat::kAuto:
    case ObservationFormat::kCsv: break;
  }
  return ParseCsvObservations(body, options);
}

}  // namespace kpiwatch
