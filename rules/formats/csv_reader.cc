#include "rules/formats/csv_reader.h"

namespace kpiwatch {

Result<CsvTable> ReadCsv(std::string_view, const CsvOptions&, std::string_view) {
  return Status::Internal("ReadCsv: not implemented yet");
}

Result<double> ParseDecimal(std::string_view, bool) {
  return Status::Internal("ParseDecimal: not implemented yet");
}

}  // namespace kpiwatch
