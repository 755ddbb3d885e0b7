// Loading the series for `kpiwatch detect` from a CSV file.
//
// Two layouts, told apart by the header:
//   t,value[,n]                        one series; t is an integer, a date or a period
//   indicator,unit,period,value[,n]    the observation format; --indicator/--unit pick
//                                      a series (optional when the file holds only one)
// Rows must be in increasing t / period order. Every bad row is reported at once with
// its line: a value that is missing or not a number (unless skip_missing), a t that is
// not of the same kind as the first row's, t not increasing.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "detectors/core/series.h"
#include "detectors/core/status.h"

namespace kpiwatch::client {

struct DetectInputOptions {
  std::string file_name = "<stdin>";  // for error messages
  std::string indicator;              // observation format: the series to pick
  std::string unit;
  std::string series_name;            // Series::indicator when no --indicator is given
  bool skip_missing = false;          // drop rows whose value is empty or not a number
  bool decimal_comma = false;         // values written as "3,5"
};

struct DetectSeries {
  Series series;
  // For each point of `series`, its 0-based position among the data rows of the
  // selected series in the file (skipped rows keep their positions).
  std::vector<std::size_t> row_of_point;
  std::size_t skipped_rows = 0;
};

// Parses `text` (see above). Errors are InvalidArgument with one detail per bad row.
Result<DetectSeries> LoadDetectSeries(std::string_view text, const DetectInputOptions& options);

}  // namespace kpiwatch::client
