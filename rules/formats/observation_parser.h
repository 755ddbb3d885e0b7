// Parsing observation batches for ingest (HTTP body, spool file) and their validation
// against the indicator catalogue.
//
// Formats: a JSON array of objects, NDJSON (one object per line), or CSV with header
// `indicator,unit,period,value[,n]` (columns found by name, ',' or ';' delimiter, decimal
// comma when asked). Object fields: indicator, unit, period, value, n (optional).
// A batch is validated completely: every bad row is reported at once as an ErrorDetail
// {file, line, column when known, field, reason}, under the message "N of M rows rejected".
#pragma once

#include <string>
#include <string_view>

#include "detectors/core/status.h"
#include "rules/domain/catalogue.h"
#include "rules/domain/observation.h"

namespace kpiwatch {

enum class ObservationFormat { kAuto, kJson, kNdjson, kCsv };

// "application/json" -> kJson, "application/x-ndjson" -> kNdjson, "text/csv" -> kCsv
// (parameters such as "; charset=utf-8" ignored, case-insensitive); anything else -> kAuto.
ObservationFormat FormatFromContentType(std::string_view content_type);

struct ParseOptions {
  // kAuto: first non-blank character '[' -> JSON, '{' -> NDJSON, else CSV.
  ObservationFormat format = ObservationFormat::kAuto;
  bool decimal_comma = false;        // CSV only: "3,5" means 3.5
  std::string file_name = "<body>";  // used in ErrorDetail::file
  // When set, rows that parse are also checked against this catalogue (as
  // ValidateAgainstCatalogue does), so one answer lists every bad row of either kind.
  const Catalogue* catalogue = nullptr;
};

// Parses a batch. A body that is not UTF-8 is rejected whole, with the position of the
// first bad byte. Row errors: a missing field, a non-numeric or non-finite value, a bad
// period (Period::Parse's message), a negative or non-finite n, an unknown extra field
// (JSON/NDJSON) or column (CSV), a non-object element. Syntax errors (invalid JSON, an
// unterminated CSV quote) are reported with their position. Cadence and catalogue checks
// are ValidateAgainstCatalogue's job.
Result<ObservationBatch> ParseObservations(std::string_view body, const ParseOptions& options);

// Checks a parsed batch against the catalogue, reporting every bad row: an undeclared
// indicator ("indicator 'x' is not declared; did you mean 'y'?"), a period whose cadence
// differs from the indicator's, a unit id that is empty, longer than 128 characters or
// holds control characters, and the same (indicator, unit, period) twice in the batch
// with different values. Identical duplicates are accepted.
Status ValidateAgainstCatalogue(const ObservationBatch& batch, const Catalogue& catalogue,
                                std::string_view file_name);

}  // namespace kpiwatch
