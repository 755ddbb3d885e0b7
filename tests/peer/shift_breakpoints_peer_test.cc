// Real data with published structural breaks (R package strucchange, Debian
// r-cran-strucchange): pelt and binseg against strucchange::breakpoints(y ~ 1, h = h)
// (Bai and Perron's dynamic programming with the BIC choice of the number of breaks).
// Comparable criteria: our mean cost with the BIC penalty (2 log n per break: a mean and
// a location) and the same minimum segment h; without the autocorrelation correction,
// as breakpoints() assumes independent errors. Differences remain because breakpoints()
// estimates the variance from the fitted segments while our cost uses the robust
// difference-based variance; every difference is printed.
#include <gtest/gtest.h>

#include <cstdio>
#include <sstream>

#include "detectors/core/registry.h"
#include "tests/support/r_peer.h"

namespace kpiwatch {
namespace {

struct PeerSeries {
  const char* name;
  const char* r_expression;  // a univariate series in R
  int min_segment;           // h
};

const PeerSeries kSeries[] = {
    {"RealInt", "as.numeric(RealInt)", 15},
    {"GermanM1.dm", "as.numeric(GermanM1$dm)", 12},
    {"BostonHomicide.homicides", "as.numeric(BostonHomicide$homicides)", 8},
    {"PhillipsCurve.dp", "as.numeric(PhillipsCurve[, \"dp\"])", 13},
};

// Values and the BIC breakpoints (1-based last rows of segments) as exported by R.
struct RExport {
  std::vector<double> values;
  std::vector<std::size_t> breaks;
};

RExport ExportFromR(const PeerSeries& series) {
  std::ostringstream script;
  script << "suppressMessages(library(strucchange))\n"
         << "data(RealInt); data(GermanM1); data(BostonHomicide); data(PhillipsCurve)\n"
         << "y <- " << series.r_expression << "\n"
         << "bp <- breakpoints(y ~ 1, h = " << series.min_segment << ")\n"
         << "for (i in seq_along(y)) cat(sprintf('value%d %.17g\\n', i, y[i]))\n"
         << "b <- bp$breakpoints\n"
         << "if (!all(is.na(b))) for (i in seq_along(b)) cat(sprintf('break%d %d\\n', i, b[i]))\n";
  std::map<std::string, double> numbers = testing::ParseNamedNumbers(testing::RunR(script.str()));
  RExport out;
  for (int i = 1; numbers.count("value" + std::to_string(i)); ++i) out.values.push_back(numbers["value" + std::to_string(i)]);
  for (int i = 1; numbers.count("break" + std::to_string(i)); ++i) {
    out.breaks.push_back(static_cast<std::size_t>(numbers["break" + std::to_string(i)]));
  }
  return out;
}

std::vector<std::size_t> RunDetector(const char* detector, const std::vector<double>& values, int min_segment) {
  DetectorInput input;
  input.series.values = values;
  auto outcome = DetectorRegistry::Builtin().Run(
      detector, input,
      {{"cost", "mean"}, {"penalty", "bic"}, {"min_segment", std::to_string(min_segment)},
       {"autocorrelation_correction", "false"}});
  EXPECT_TRUE(outcome.ok());
  std::vector<std::size_t> rows;
  for (const Finding& f : outcome->findings) rows.push_back(f.index);
  return rows;
}

std::string Join(const std::vector<std::size_t>& rows) {
  std::string out;
  for (std::size_t row : rows) out += (out.empty() ? "" : " ") + std::to_string(row);
  return out.empty() ? "-" : out;
}

// R breaks not within `margin` rows of any of ours.
std::vector<std::size_t> Missed(const std::vector<std::size_t>& r_rows, const std::vector<std::size_t>& ours,
                                std::size_t margin) {
  std::vector<std::size_t> missed;
  for (std::size_t r : r_rows) {
    bool found = false;
    for (std::size_t o : ours) found = found || (o + margin >= r && r + margin >= o);
    if (!found) missed.push_back(r);
  }
  return missed;
}

TEST(ShiftBreakpointsPeerTest, PeltAndBinsegFindTheBreaksOfStrucchange) {
  if (!testing::HaveRscript()) GTEST_SKIP() << "Rscript is not installed";
  std::printf("[peer] strucchange::breakpoints(y ~ 1, h), BIC, vs pelt/binseg (mean, bic, min_segment h)\n");
  std::printf("[peer] rows are 0-based first rows of new segments\n");
  std::size_t r_total = 0, pelt_missed = 0;
  for (const PeerSeries& series : kSeries) {
    RExport exported = ExportFromR(series);
    ASSERT_GT(exported.values.size(), 50u) << series.name;
    // breakpoints() reports the last row of a segment (1-based) = our first new row (0-based).
    std::vector<std::size_t> r_rows = exported.breaks;
    std::vector<std::size_t> pelt = RunDetector("pelt", exported.values, series.min_segment);
    std::vector<std::size_t> binseg = RunDetector("binseg", exported.values, series.min_segment);
    std::vector<std::size_t> missed = Missed(r_rows, pelt, 2);
    std::printf("[peer] %-26s n=%3zu h=%2d  strucchange: %-12s pelt: %-16s binseg: %-16s %s\n", series.name,
                exported.values.size(), series.min_segment, Join(r_rows).c_str(), Join(pelt).c_str(),
                Join(binseg).c_str(),
                missed.empty() ? "pelt finds every R break (+-2 rows)" : ("pelt misses " + Join(missed)).c_str());
    r_total += r_rows.size();
    pelt_missed += missed.size();
  }
  EXPECT_GT(r_total, 0u);
  EXPECT_EQ(pelt_missed, 0u) << "pelt missed breaks that strucchange finds (see the table above)";
}

}  // namespace
}  // namespace kpiwatch
