#include "rules/formats/observation_rows.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include "detectors/core/params.h"

namespace kpiwatch::observation_rows {

void RowChecker::Fail(std::string_view field, int column, std::string reason) {
  ok_ = false;
  errors_.push_back({std::string(file_), line_, column, std::string(field), std::move(reason)});
}

void RowChecker::Unknown(std::string_view field, int column) {
  std::string reason = "unknown field (expected indicator, unit, period, value, n)";
  if (std::string guess = ClosestName(field, FieldNames()); !guess.empty()) {
    reason = "unknown field (did you mean '" + guess + "'?)";
  }
  Fail(field, column, std::move(reason));
}

void RowChecker::Text(std::string_view field, std::string_view text, int column,
                      std::string& out) {
  if (text.empty()) {
    Fail(field, column, "missing");
    return;
  }
  out = std::string(text);
}

void RowChecker::PeriodText(std::string_view text, int column, Period& out) {
  if (text.empty()) {
    Fail("period", column, "missing");
    return;
  }
  Result<Period> period = Period::Parse(text);
  if (!period.ok()) {
    Fail("period", column, period.status().message());
    return;
  }
  out = *period;
}

void RowChecker::Value(double value, int column, double& out) {
  if (!std::isfinite(value)) {
    Fail("value", column, "not a finite number");
    return;
  }
  out = value;
}

void RowChecker::Denominator(double n, int column, Observation& out) {
  if (!std::isfinite(n)) {
    Fail("n", column, "not a finite number");
  } else if (n < 0) {
    std::ostringstream text;
    text << n;
    Fail("n", column, "must not be negative (got " + text.str() + ")");
  } else {
    out.n = n;
  }
}

Status BatchStatus(std::vector<ErrorDetail> errors, std::size_t total_rows) {
  if (errors.empty()) return Status::Ok();
  std::stable_sort(errors.begin(), errors.end(), [](const ErrorDetail& a, const ErrorDetail& b) {
    return a.line < b.line;
  });
  std::set<int> bad_lines;
  for (const ErrorDetail& detail : errors) bad_lines.insert(detail.line);
  std::size_t rejected = bad_lines.size();
  total_rows = std::max(total_rows, rejected);
  return Status::InvalidArgument(std::to_string(rejected) + " of " + std::to_string(total_rows) +
                                     " rows rejected",
                                 std::move(errors));
}

}  // namespace kpiwatch::observation_rows
