// The one CSV reader of kpiwatch (RFC 4180) and the one number parser for CSV cells.
//
// Accepts quoted fields with "" escapes and embedded newlines, CRLF or LF line ends,
// a UTF-8 byte-order mark, and a trailing empty line. The delimiter is ',' or ';'
// (detected from the header line unless given). Every malformed row is reported at
// once, with its line and column, so a data steward fixes a file in one pass.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "detectors/core/status.h"

namespace kpiwatch {

struct CsvOptions {
  // Field separator; 0 = detect from the header line: ';' when it has more ';' than
  // ',' outside quotes, else ','.
  char delimiter = 0;
  // Numbers use a decimal comma ("3,5"); only read by ParseDecimal's callers.
  bool decimal_comma = false;
};

struct CsvTable {
  std::vector<std::string> header;
  int header_line = 1;                         // 1-based line of the header
  std::vector<std::vector<std::string>> rows;  // each has header.size() fields
  std::vector<int> lines;                      // 1-based line where each row starts
  std::vector<std::vector<int>> columns;       // 1-based column where each field starts
};

// Reads `text` (header line first). Blank lines are skipped. Errors (InvalidArgument,
// one ErrorDetail per bad row with file = `file_name`, line and column): an unterminated
// quote, a stray quote inside an unquoted field, text after a closing quote, a row with
// the wrong number of fields, an empty input (no header).
Result<CsvTable> ReadCsv(std::string_view text, const CsvOptions& options,
                         std::string_view file_name);

// Like ReadCsv, but keeps going: the rows that are well-formed are returned, and one
// ErrorDetail per malformed row (or a missing header) is appended to `errors`. For
// callers that go on to validate the good rows and report everything at once.
CsvTable ReadCsvLenient(std::string_view text, const CsvOptions& options,
                        std::string_view file_name, std::vector<ErrorDetail>& errors);

// Parses a decimal number ("12", "-3.5", "1e3"; with `decimal_comma` "3,5" instead of
// "3.5"). Surrounding spaces are ignored. Error when empty, not a number, or not finite
// (nan, inf), saying which.
Result<double> ParseDecimal(std::string_view text, bool decimal_comma);

}  // namespace kpiwatch
