// Internal to observation parsing (observation_parser.cc, observation_json.cc): the
// field checks every input format shares, so a CSV cell and a JSON field are judged by
// one piece of code, and the batch summary "N of M rows rejected".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "detectors/core/status.h"
#include "rules/domain/observation.h"
#include "rules/formats/observation_parser.h"

namespace kpiwatch::observation_rows {

// The names of an observation's fields, in CSV column order.
inline const std::vector<std::string>& FieldNames() {
  static const std::vector<std::string> names = {"indicator", "unit", "period", "value", "n"};
  return names;
}

// Collects the errors of one row (file and line fixed) into the batch's error list.
class RowChecker {
 public:
  RowChecker(std::string_view file, int line, std::vector<ErrorDetail>& errors)
      : file_(file), line_(line), errors_(errors) {}

  void Fail(std::string_view field, int column, std::string reason);
  // "field 'x' is missing".
  void Missing(std::string_view field) { Fail(field, 0, "missing"); }
  // The unknown field or column, with a "did you mean" when one is close.
  void Unknown(std::string_view field, int column);

  // Checks and stores one field given as text; empty text counts as missing.
  void Text(std::string_view field, std::string_view text, int column, std::string& out);
  void PeriodText(std::string_view text, int column, Period& out);
  // value: a finite number.
  void Value(double value, int column, double& out);
  // n: a finite number >= 0.
  void Denominator(double n, int column, Observation& out);

  bool ok() const { return ok_; }

 private:
  std::string_view file_;
  int line_;
  std::vector<ErrorDetail>& errors_;
  bool ok_ = true;
};

// Ok when `errors` is empty; else InvalidArgument "N of M rows rejected" where N is the
// number of distinct lines with errors, with every error as a detail, in line order.
Status BatchStatus(std::vector<ErrorDetail> errors, std::size_t total_rows);

// Adds one error per row of `batch` that the catalogue does not allow (the checks of
// ValidateAgainstCatalogue).
void CollectCatalogueErrors(const ObservationBatch& batch, const Catalogue& catalogue,
                            std::string_view file_name, std::vector<ErrorDetail>& errors);

// The JSON array and NDJSON paths of ParseObservations.
Result<ObservationBatch> ParseJsonArray(std::string_view body, const ParseOptions& options);
Result<ObservationBatch> ParseNdjson(std::string_view body, const ParseOptions& options);

}  // namespace kpiwatch::observation_rows
