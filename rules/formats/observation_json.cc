// The JSON array and NDJSON paths of ParseObservations.
#include <boost/json.hpp>

#include "rules/formats/observation_rows.h"

namespace kpiwatch::observation_rows {
namespace {

struct TextPosition {
  int line = 1;
  int column = 1;
};

TextPosition PositionOf(std::string_view text, std::size_t offset) {
  TextPosition position;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++position.line;
      position.column = 1;
    } else {
      ++position.column;
    }
  }
  return position;
}

// Parses one JSON document; on a syntax error, the reason and the offset where it was found.
Result<boost::json::value> ParseJson(std::string_view text, std::size_t& error_offset) {
  boost::json::stream_parser parser;
  boost::system::error_code error;
  std::size_t used = parser.write_some(text.data(), text.size(), error);
  if (!error) parser.finish(error);
  if (error) {
    error_offset = used;
    return Status::InvalidArgument("invalid JSON: " + error.message());
  }
  return parser.release();
}

// Start offsets of the elements of a (valid) top-level JSON array.
std::vector<std::size_t> ArrayElementOffsets(std::string_view text) {
  std::vector<std::size_t> offsets;
  int depth = 0;
  bool in_string = false;
  bool expect_element = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    if (depth == 1 && expect_element && c != ']') offsets.push_back(i);
    expect_element = depth == 1 && c == ',';
    if (c == '"') in_string = true;
    if (c == '[' || c == '{') {
      ++depth;
      if (depth == 1) expect_element = true;
    }
    if (c == ']' || c == '}') --depth;
  }
  return offsets;
}

std::optional<double> NumberField(const boost::json::value& value, std::string_view field,
                                  RowChecker& row) {
  if (value.is_number()) return value.to_number<double>();
  row.Fail(field, 0, value.is_string() ? "must be a number, not a string" : "must be a number");
  return std::nullopt;
}

// Builds one observation from a JSON element, reporting every bad field.
void ObjectToObservation(const boost::json::value& element, RowChecker& row, Observation& out) {
  if (!element.is_object()) {
    row.Fail("", 0, "expected an object with indicator, unit, period, value");
    return;
  }
  const boost::json::object& object = element.get_object();
  for (const auto& [key, value] : object) {
    std::string_view name = key;
    if (name == "indicator" || name == "unit" || name == "period") {
      if (!value.is_string()) {
        row.Fail(name, 0, "must be a string");
      } else if (name == "period") {
        row.PeriodText(value.get_string(), 0, out.period);
      } else {
        row.Text(name, value.get_string(), 0, name == "unit" ? out.unit : out.indicator);
      }
    } else if (name == "value") {
      if (auto number = NumberField(value, name, row)) row.Value(*number, 0, out.value);
    } else if (name == "n") {
      if (value.is_null()) continue;
      if (auto number = NumberField(value, name, row)) row.Denominator(*number, 0, out);
    } else {
      row.Unknown(name, 0);
    }
  }
  for (std::string_view required : {"indicator", "unit", "period", "value"}) {
    if (!object.contains(required)) row.Missing(required);
  }
}

}  // namespace

Result<ObservationBatch> ParseJsonArray(std::string_view body, const ParseOptions& options) {
  std::string_view file_name = options.file_name;
  std::size_t error_offset = 0;
  Result<boost::json::value> document = ParseJson(body, error_offset);
  if (!document.ok()) {
    TextPosition at = PositionOf(body, error_offset);
    return Status::InvalidArgument(document.status().message(),
                                   {{std::string(file_name), at.line, at.column, "",
                                     document.status().message()}});
  }
  if (!document->is_array()) {
    return Status::InvalidArgument("expected a JSON array of observations",
                                   {{std::string(file_name), 1, 1, "", "expected a JSON array"}});
  }
  const boost::json::array& elements = document->get_array();
  std::vector<std::size_t> offsets = ArrayElementOffsets(body);
  ObservationBatch batch;
  std::vector<ErrorDetail> errors;
  for (std::size_t i = 0; i < elements.size(); ++i) {
    int line = i < offsets.size() ? PositionOf(body, offsets[i]).line : 0;
    RowChecker row(file_name, line, errors);
    Observation observation;
    ObjectToObservation(elements[i], row, observation);
    if (!row.ok()) continue;
    batch.rows.push_back(std::move(observation));
    batch.lines.push_back(line);
  }
  if (options.catalogue != nullptr) CollectCatalogueErrors(batch, *options.catalogue, file_name, errors);
  if (Status status = BatchStatus(std::move(errors), elements.size()); !status.ok()) return status;
  return batch;
}

Result<ObservationBatch> ParseNdjson(std::string_view body, const ParseOptions& options) {
  std::string_view file_name = options.file_name;
  ObservationBatch batch;
  std::vector<ErrorDetail> errors;
  std::size_t total_rows = 0;
  int line = 0;
  for (std::size_t begin = 0; begin < body.size();) {
    std::size_t end = body.find('\n', begin);
    if (end == std::string_view::npos) end = body.size();
    std::string_view text = body.substr(begin, end - begin);
    begin = end + 1;
    ++line;
    if (text.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    ++total_rows;
    RowChecker row(file_name, line, errors);
    std::size_t error_offset = 0;
    Result<boost::json::value> element = ParseJson(text, error_offset);
    if (!element.ok()) {
      row.Fail("", static_cast<int>(error_offset) + 1, element.status().message());
      continue;
    }
    Observation observation;
    ObjectToObservation(*element, row, observation);
    if (!row.ok()) continue;
    batch.rows.push_back(std::move(observation));
    batch.lines.push_back(line);
  }
  if (options.catalogue != nullptr) CollectCatalogueErrors(batch, *options.catalogue, file_name, errors);
  if (Status status = BatchStatus(std::move(errors), total_rows); !status.ok()) return status;
  return batch;
}

}  // namespace kpiwatch::observation_rows
