#include "rules/formats/csv_reader.h"

#include <charconv>
#include <cmath>
#include <set>

namespace kpiwatch {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// ';' when the first line has more ';' than ',' outside quotes, else ','.
char DetectDelimiter(std::string_view text) {
  int commas = 0;
  int semicolons = 0;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n') break;
    if (c == ',') ++commas;
    if (c == ';') ++semicolons;
  }
  return semicolons > commas ? ';' : ',';
}

struct RawRecord {
  std::vector<std::string> fields;
  std::vector<int> columns;  // 1-based column where each field starts
  int line = 0;
  int end_column = 0;        // column just after the last field
  bool bad = false;          // a syntax error was reported for this record
  bool quoted_any = false;
};

// Splits the text into records, one at a time, tracking line and column.
class Scanner {
 public:
  Scanner(std::string_view text, char delimiter, std::string_view file_name,
          std::vector<ErrorDetail>& errors)
      : text_(text), delimiter_(delimiter), file_name_(file_name), errors_(errors) {}

  // Reads the next record; false at the end of the input.
  bool Next(RawRecord& record) {
    if (pos_ >= text_.size()) return false;
    record = RawRecord{};
    record.line = line_;
    while (true) {
      record.columns.push_back(Column());
      std::string field = At('"') ? ReadQuoted(record) : ReadPlain(record);
      record.fields.push_back(std::move(field));
      if (pos_ >= text_.size()) break;
      if (At(delimiter_)) {
        ++pos_;
        continue;
      }
      record.end_column = Column();
      ConsumeLineEnd();
      return true;
    }
    record.end_column = Column();
    return true;
  }

 private:
  bool At(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
  bool AtLineEnd() const {
    return At('\n') || (At('\r') && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n');
  }
  int Column() const { return static_cast<int>(pos_ - line_start_) + 1; }
  void ConsumeLineEnd() {
    pos_ += At('\r') ? 2 : 1;
    ++line_;
    line_start_ = pos_;
  }
  void Fail(RawRecord& record, int line, int column, std::string reason) {
    if (record.bad) return;  // one error per record
    record.bad = true;
    errors_.push_back({std::string(file_name_), line, column, "", std::move(reason)});
  }
  // Skips the rest of a broken field, up to the delimiter or the end of the line.
  void SkipField() {
    while (pos_ < text_.size() && !At(delimiter_) && !AtLineEnd()) ++pos_;
  }

  std::string ReadPlain(RawRecord& record) {
    std::string field;
    while (pos_ < text_.size() && !At(delimiter_) && !AtLineEnd()) {
      if (At('"')) {
        Fail(record, line_, Column(),
             "quote inside an unquoted field (quote the whole field and double inner quotes)");
      }
      field += text_[pos_++];
    }
    return field;
  }

  std::string ReadQuoted(RawRecord& record) {
    record.quoted_any = true;
    int open_line = line_;
    int open_column = Column();
    ++pos_;
    std::string field;
    while (true) {
      if (pos_ >= text_.size()) {
        Fail(record, open_line, open_column, "unterminated quoted field");
        return field;
      }
      if (At('"')) {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
          field += '"';
          pos_ += 2;
          continue;
        }
        ++pos_;
        break;
      }
      if (AtLineEnd()) {
        field += '\n';
        ConsumeLineEnd();
        continue;
      }
      field += text_[pos_++];
    }
    if (pos_ < text_.size() && !At(delimiter_) && !AtLineEnd()) {
      Fail(record, line_, Column(), "unexpected text after a closing quote");
      SkipField();
    }
    return field;
  }

  std::string_view text_;
  char delimiter_;
  std::string_view file_name_;
  std::vector<ErrorDetail>& errors_;
  std::size_t pos_ = 0;
  std::size_t line_start_ = 0;
  int line_ = 1;
};

bool IsBlank(const RawRecord& record) {
  if (record.fields.size() != 1 || record.quoted_any) return false;
  return record.fields[0].find_first_not_of(" \t") == std::string::npos;
}

std::string Trim(std::string_view text) {
  std::size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return "";
  std::size_t end = text.find_last_not_of(" \t");
  return std::string(text.substr(begin, end - begin + 1));
}

std::string FieldCountReason(std::size_t expected, std::size_t found) {
  return "expected " + std::to_string(expected) + " fields as in the header, found " +
         std::to_string(found);
}

}  // namespace

CsvTable ReadCsvLenient(std::string_view text, const CsvOptions& options,
                        std::string_view file_name, std::vector<ErrorDetail>& errors) {
  if (text.starts_with(kBom)) text.remove_prefix(kBom.size());
  char delimiter = options.delimiter != 0 ? options.delimiter : DetectDelimiter(text);
  Scanner scanner(text, delimiter, file_name, errors);
  CsvTable table;
  RawRecord record;
  bool have_header = false;
  while (scanner.Next(record)) {
    if (record.bad || IsBlank(record)) continue;
    if (!have_header) {
      have_header = true;
      table.header_line = record.line;
      std::set<std::string> seen;
      for (std::size_t i = 0; i < record.fields.size(); ++i) {
        std::string name = Trim(record.fields[i]);
        if (!seen.insert(name).second) {
          errors.push_back({std::string(file_name), record.line, record.columns[i], name,
                            "column '" + name + "' appears twice in the header"});
        }
        table.header.push_back(std::move(name));
      }
      continue;
    }
    if (record.fields.size() != table.header.size()) {
      bool too_many = record.fields.size() > table.header.size();
      int column = too_many ? record.columns[table.header.size()] : record.end_column;
      errors.push_back({std::string(file_name), record.line, column, "",
                        FieldCountReason(table.header.size(), record.fields.size())});
      continue;
    }
    table.rows.push_back(std::move(record.fields));
    table.lines.push_back(record.line);
    table.columns.push_back(std::move(record.columns));
  }
  if (!have_header && errors.empty()) {
    errors.push_back({std::string(file_name), 1, 0, "", "empty input: expected a header line"});
  }
  return table;
}

Result<CsvTable> ReadCsv(std::string_view text, const CsvOptions& options,
                         std::string_view file_name) {
  std::vector<ErrorDetail> errors;
  CsvTable table = ReadCsvLenient(text, options, file_name, errors);
  if (!errors.empty()) {
    std::size_t count = errors.size();
    return Status::InvalidArgument(
        "malformed CSV: " + std::to_string(count) + (count == 1 ? " error" : " errors"),
        std::move(errors));
  }
  return table;
}

Result<double> ParseDecimal(std::string_view text, bool decimal_comma) {
  std::string trimmed = Trim(text);
  if (trimmed.empty()) return Status::InvalidArgument("empty value (expected a number)");
  std::string normalised = trimmed;
  if (decimal_comma) {
    if (normalised.find('.') != std::string::npos) {
      return Status::InvalidArgument("'" + trimmed +
                                     "' is not a number with a decimal comma (no '.' allowed)");
    }
    for (char& c : normalised) c = c == ',' ? '.' : c;
  }
  const char* begin = normalised.data();
  const char* end = begin + normalised.size();
  if (*begin == '+') ++begin;
  double value = 0.0;
  auto [ptr, error] = std::from_chars(begin, end, value);
  bool out_of_range = error == std::errc::result_out_of_range && ptr == end;
  if (!out_of_range && (error != std::errc() || ptr != end)) {
    std::string hint = !decimal_comma && trimmed.find(',') != std::string::npos
                           ? " (use a decimal point, or ask for decimal comma)"
                           : "";
    return Status::InvalidArgument("'" + trimmed + "' is not a number" + hint);
  }
  if (out_of_range || !std::isfinite(value)) {
    return Status::InvalidArgument("'" + trimmed + "' is not a finite number");
  }
  return value;
}

}  // namespace kpiwatch
