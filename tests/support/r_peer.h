// Runs R (Rscript) as the peer implementation that our statistics must agree with.
//
// Tests write an R script that prints its results (one "name value" pair per line is
// the convention, printed with 17 significant digits), run it, and compare. R and the
// CRAN packages come from Debian (r-base-core, r-cran-strucchange, r-cran-car,
// r-cran-sandwich, r-cran-lmtest), installed by `make deps`.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace kpiwatch::testing {

// Whether Rscript is on the PATH.
bool HaveRscript();

// Runs `script` with `Rscript --vanilla`; returns its standard output. Fails the
// current test (ADD_FAILURE) and returns "" when R exits non-zero, with R's stderr.
std::string RunR(const std::string& script);

// Parses "name value" lines (value a number, NA/NaN allowed) into a map; other lines
// are ignored. Repeated names keep the last value.
std::map<std::string, double> ParseNamedNumbers(const std::string& output);

// "c(1.5, 2, ...)" with 17 significant digits, for embedding data in a script.
std::string RVector(const std::vector<double>& values);

}  // namespace kpiwatch::testing
