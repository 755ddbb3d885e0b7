// Fuzz target: the CSV reader (RFC 4180) and the decimal parser.
// The first byte picks the options (delimiter given or detected, decimal comma).
// Properties: ReadCsv and ReadCsvLenient agree on success; every row has as many fields
// as the header, with a line and a column per field; a lenient read of a file without
// errors is the strict read.
#include "rules/formats/csv_reader.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using kpiwatch::fuzz::Require;
  if (size == 0) return 0;
  kpiwatch::CsvOptions options;
  options.delimiter = (data[0] & 3) == 1 ? ',' : (data[0] & 3) == 2 ? ';' : 0;
  options.decimal_comma = (data[0] & 4) != 0;
  const std::string_view text = kpiwatch::fuzz::AsText(data + 1, size - 1);

  const auto strict = kpiwatch::ReadCsv(text, options, "fuzz.csv");
  std::vector<kpiwatch::ErrorDetail> errors;
  const kpiwatch::CsvTable lenient = kpiwatch::ReadCsvLenient(text, options, "fuzz.csv", errors);
  Require(lenient.rows.size() == lenient.lines.size(), "one line per row");
  Require(lenient.rows.size() == lenient.columns.size(), "one column list per row");
  for (std::size_t i = 0; i < lenient.rows.size(); ++i) {
    Require(lenient.rows[i].size() == lenient.header.size(), "rows as wide as the header");
    Require(lenient.columns[i].size() == lenient.rows[i].size(), "a column per field");
    for (const std::string& cell : lenient.rows[i]) (void)kpiwatch::ParseDecimal(cell, options.decimal_comma);
  }
  Require(strict.ok() == errors.empty(), "strict fails exactly when lenient reports errors");
  if (strict.ok()) {
    Require(strict->header == lenient.header, "same header");
    Require(strict->rows == lenient.rows, "same rows");
  } else {
    for (const auto& detail : strict.status().details()) Require(detail.line >= 1, "errors have a line");
  }
  return 0;
}
