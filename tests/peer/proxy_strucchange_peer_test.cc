// Agreement of kpiwatch's structural-change statistics with R's strucchange (efp
// Rec-CUSUM / OLS-CUSUM, sctest, boundary, Fstats, Chow, breakpoints) and lm, on a
// fixture simulated here and on strucchange's data sets GermanM1, PhillipsCurve and
// durab. Statistics must agree to 1e-8 (relative), p-values to 1e-6 (absolute), break
// dates exactly.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "detectors/stats/breakpoints.h"
#include "detectors/stats/fluctuation_tests.h"
#include "detectors/stats/recursive_residuals.h"
#include "detectors/stats/regression.h"
#include "detectors/stats/structural_f_tests.h"
#include "tests/support/r_peer.h"
#include "tests/support/simulate.h"

namespace kpiwatch {
namespace {

using testing::ParseNamedNumbers;
using testing::RunR;

constexpr double kStatisticTolerance = 1e-8;  // relative
constexpr double kPValueTolerance = 1e-6;     // absolute

// What to compute on one data set.
struct PeerOptions {
  double h = 0.15;          // breakpoints' minimum segment (fraction or count, as R)
  std::size_t chow_split = 0;
  int max_breaks = 0;       // 0: strucchange's default
  bool breakpoints = true;  // R's breakpoints is slow (O(n^2) R loops) on long series
};

std::string FormatH(double h) {
  std::ostringstream out;
  out << h;
  return out.str();
}

// R code computing every statistic for `X` (model matrix) and `y`, printed as
// "name value" lines.
std::string PeerComputation(const PeerOptions& options) {
  std::string breaks = options.max_breaks > 0 ? ", breaks = " + std::to_string(options.max_breaks) : "";
  std::string common = R"(
out <- function(name, v) for (i in seq_along(v)) cat(sprintf("%s.%d %.17g\n", name, i, v[i]))
n <- nrow(X); k <- ncol(X)
out("X", as.vector(X)); out("y", y); out("n", n); out("k", k)
out("coef", coef(lm(y ~ 0 + X)))
out("recresid", recresid(X, y))
rec <- efp(y ~ 0 + X, type = "Rec-CUSUM"); rec.test <- sctest(rec)
ols <- efp(y ~ 0 + X, type = "OLS-CUSUM"); ols.test <- sctest(ols)
out("rec.process", as.vector(rec$process)); out("rec.stat", rec.test$statistic)
out("rec.p", rec.test$p.value)
out("ols.process", as.vector(ols$process)); out("ols.stat", ols.test$statistic)
out("ols.p", ols.test$p.value)
crit <- function(lim, a) uniroot(function(b) strucchange:::pvalue.efp(b, lim, FALSE, "max", NULL, 1) - a,
                                 c(0, 20), tol = 1e-13)$root
for (a in c(1, 5, 10)) {
  out(sprintf("rec.crit%d", a), crit("Brownian motion", a / 100))
  out(sprintf("ols.crit%d", a), crit("Brownian bridge", a / 100))
}
out("rec.boundary5", as.vector(boundary(rec, alpha = 0.05)))
fs <- Fstats(y ~ 0 + X, from = 0.15); fs.test <- sctest(fs, type = "supF")
out("F", as.vector(fs$Fstats)); out("supF", fs.test$statistic); out("supF.p", fs.test$p.value)
out("supF.split", fs$breakpoint); out("lambda", fs$par)
chow <- sctest(y ~ 0 + X, type = "Chow", point = )" +
         std::to_string(options.chow_split) + R"()
out("chow.F", chow$statistic); out("chow.p", chow$p.value)
)";
  if (!options.breakpoints) return common;
  return common + "bp <- breakpoints(y ~ 0 + X, h = " + FormatH(options.h) + breaks + R"()
s <- summary(bp)
out("bp.rss", s$RSS["RSS", ]); out("bp.bic", s$RSS["BIC", ])
out("bp.selected", length(na.omit(bp$breakpoints))); out("bp.split", na.omit(bp$breakpoints))
for (m in 1:(ncol(bp$RSS.table) / 2)) out(sprintf("bp.m%d", m), breakpoints(bp, breaks = m)$breakpoints)
)";
}

struct PeerCase {
  Eigen::MatrixXd x;
  Eigen::VectorXd y;
  std::map<std::string, double> r;

  double R(const std::string& name) const {
    auto found = r.find(name);
    EXPECT_NE(found, r.end()) << "R did not print " << name;
    return found == r.end() ? std::nan("") : found->second;
  }
  std::vector<double> RVectorNamed(const std::string& name) const {
    std::vector<double> values;
    for (int i = 1; r.count(name + "." + std::to_string(i)) > 0; ++i) {
      values.push_back(r.at(name + "." + std::to_string(i)));
    }
    return values;
  }
};

// Runs `setup` (R code defining X and y) plus the peer computation; reads X and y back.
PeerCase RunPeer(const std::string& setup, const PeerOptions& options) {
  PeerCase peer;
  peer.r = ParseNamedNumbers(
      RunR("suppressMessages(library(strucchange))\n" + setup + PeerComputation(options)));
  const auto n = static_cast<Eigen::Index>(peer.R("n.1"));
  const auto k = static_cast<Eigen::Index>(peer.R("k.1"));
  std::vector<double> x = peer.RVectorNamed("X");
  std::vector<double> y = peer.RVectorNamed("y");
  EXPECT_EQ(x.size(), static_cast<std::size_t>(n * k));
  EXPECT_EQ(y.size(), static_cast<std::size_t>(n));
  peer.x = Eigen::Map<Eigen::MatrixXd>(x.data(), n, k);  // R stores column-major too
  peer.y = Eigen::Map<Eigen::VectorXd>(y.data(), n);
  return peer;
}

void ExpectRelativelyNear(double ours, double theirs, const std::string& what) {
  EXPECT_LE(std::abs(ours - theirs), kStatisticTolerance * std::max(std::abs(theirs), 1e-300))
      << what << ": kpiwatch " << ours << " vs R " << theirs;
}

void ExpectVectorNear(const Eigen::VectorXd& ours, const std::vector<double>& theirs,
                      const std::string& what) {
  ASSERT_EQ(static_cast<std::size_t>(ours.size()), theirs.size()) << what;
  // Relative to the vector's scale: elements near 0 (a process starting at 0) would
  // otherwise demand an impossible relative accuracy.
  const double scale = Eigen::Map<const Eigen::VectorXd>(theirs.data(), ours.size()).cwiseAbs().maxCoeff();
  for (std::size_t i = 0; i < theirs.size(); ++i) {
    EXPECT_LE(std::abs(ours(static_cast<Eigen::Index>(i)) - theirs[i]), kStatisticTolerance * scale)
        << what << "[" << i << "]";
  }
}

void ExpectAgreement(const PeerCase& peer, const PeerOptions& options) {
  Result<stats::OlsFit> fit = stats::FitOls(peer.x, peer.y);
  ASSERT_TRUE(fit.ok()) << fit.status().ToString();
  ExpectVectorNear(fit->coefficients, peer.RVectorNamed("coef"), "lm coefficients");

  Result<Eigen::VectorXd> recursive = stats::RecursiveResiduals(peer.x, peer.y);
  ASSERT_TRUE(recursive.ok());
  ExpectVectorNear(*recursive, peer.RVectorNamed("recresid"), "recresid");

  for (stats::CusumKind kind : {stats::CusumKind::kRecursive, stats::CusumKind::kOls}) {
    const std::string name = kind == stats::CusumKind::kRecursive ? "rec" : "ols";
    Result<stats::CusumTest> test = stats::RunCusumTest(kind, peer.x, peer.y);
    ASSERT_TRUE(test.ok()) << test.status().ToString();
    ExpectVectorNear(test->process, peer.RVectorNamed(name + ".process"), name + " process");
    ExpectRelativelyNear(test->statistic, peer.R(name + ".stat.1"), name + " statistic");
    EXPECT_NEAR(test->p_value, peer.R(name + ".p.1"), kPValueTolerance) << name;
    for (int level : {1, 5, 10}) {
      const std::string crit = name + ".crit" + std::to_string(level) + ".1";
      EXPECT_NEAR(stats::CusumCriticalValue(kind, level / 100.0), peer.R(crit), 1e-9) << crit;
    }
    if (kind == stats::CusumKind::kRecursive) {
      std::vector<double> boundary = peer.RVectorNamed("rec.boundary5");
      ASSERT_EQ(boundary.size(), static_cast<std::size_t>(test->process.size()));
      const double critical = stats::CusumCriticalValue(kind, 0.05);
      // boundary() solves with uniroot's default tolerance (~1e-4).
      for (std::size_t j = 0; j < boundary.size(); ++j) {
        EXPECT_NEAR(test->Boundary(critical, j), boundary[j], 1e-3 * boundary[j]) << j;
      }
    }
  }

  Result<stats::FStatistics> f = stats::ComputeFStatistics(peer.x, peer.y, 0.15);
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  ExpectVectorNear(Eigen::Map<const Eigen::VectorXd>(f->f.data(), static_cast<Eigen::Index>(f->f.size())),
                   peer.RVectorNamed("F"), "Fstats");
  ExpectRelativelyNear(f->sup_f, peer.R("supF.1"), "supF");
  EXPECT_NEAR(f->p_value, peer.R("supF.p.1"), kPValueTolerance);
  EXPECT_EQ(static_cast<double>(f->sup_split), peer.R("supF.split.1"));
  ExpectRelativelyNear(f->lambda, peer.R("lambda.1"), "lambda");

  Result<stats::ChowTest> chow = stats::RunChowTest(peer.x, peer.y, options.chow_split);
  ASSERT_TRUE(chow.ok()) << chow.status().ToString();
  ExpectRelativelyNear(chow->f, peer.R("chow.F.1"), "Chow F");
  EXPECT_NEAR(chow->p_value, peer.R("chow.p.1"), kPValueTolerance);

  if (!options.breakpoints) return;
  Result<stats::BreakpointSearch> search =
      stats::SearchBreakpoints(peer.x, peer.y, options.h, options.max_breaks);
  ASSERT_TRUE(search.ok()) << search.status().ToString();
  std::vector<double> rss = peer.RVectorNamed("bp.rss");
  std::vector<double> bic = peer.RVectorNamed("bp.bic");
  ASSERT_EQ(search->rss.size(), rss.size());
  for (std::size_t m = 0; m < rss.size(); ++m) {
    ExpectRelativelyNear(search->rss[m], rss[m], "breakpoints RSS m=" + std::to_string(m));
    ExpectRelativelyNear(search->bic[m], bic[m], "breakpoints BIC m=" + std::to_string(m));
    if (m == 0) continue;
    std::vector<double> splits = peer.RVectorNamed("bp.m" + std::to_string(m));
    std::vector<double> ours(search->splits_by_breaks[m].begin(), search->splits_by_breaks[m].end());
    EXPECT_EQ(ours, splits) << "break dates with m = " << m;
  }
  EXPECT_EQ(static_cast<double>(search->selected_breaks), peer.R("bp.selected.1"));
  std::vector<double> selected(search->SelectedSplits().begin(), search->SelectedSplits().end());
  EXPECT_EQ(selected, peer.RVectorNamed("bp.split"));
}

class StrucchangePeer : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testing::HaveRscript()) GTEST_SKIP() << "Rscript not installed (make deps)";
  }
};

TEST_F(StrucchangePeer, SimulatedProxyWithSlopeBreak) {
  testing::Rng rng(20240501);
  const std::size_t n = 120;
  std::vector<double> proxy = testing::Ar1Noise(rng, n, 0.5);
  std::vector<double> noise = testing::Ar1Noise(rng, n, 0.3, 0.5);
  std::vector<double> outcome(n);
  for (std::size_t t = 0; t < n; ++t) outcome[t] = 3.0 + (t < 70 ? 1.0 : 0.3) * proxy[t] + noise[t];
  const PeerOptions options{.h = 0.15, .chow_split = 70};
  PeerCase peer = RunPeer("x <- " + testing::RVector(proxy) + "\ny <- " + testing::RVector(outcome) +
                              "\nX <- cbind(1, x)\n",
                          options);
  ExpectAgreement(peer, options);
  EXPECT_NEAR(peer.R("supF.split.1"), 70.0, 6.0);  // the simulated break is found
}

TEST_F(StrucchangePeer, GermanM1MoneyDemand) {
  // Lütkepohl, Teräsvirta & Wolters (1999) money demand; reunification in 1990(3).
  PeerCase peer = RunPeer(
      "data(GermanM1)\nmf <- model.frame(dm ~ dy2 + dR + dR1 + dp + ecm.res + season, data = GermanM1)\n"
      "X <- model.matrix(dm ~ dy2 + dR + dR1 + dp + ecm.res + season, data = mf)\n"
      "y <- model.response(mf)\n",
      {.h = 0.15, .chow_split = 118});
  ExpectAgreement(peer, {.h = 0.15, .chow_split = 118});
}

TEST_F(StrucchangePeer, PhillipsCurveInflation) {
  // Bai & Perron (2003), table 2: UK inflation AR(1), h = 8 observations.
  PeerCase peer = RunPeer(
      "data(PhillipsCurve)\nuk <- window(PhillipsCurve, start = 1948)\n"
      "X <- cbind(1, as.vector(uk[, \"dp1\"]))\ny <- as.vector(uk[, \"dp\"])\n",
      {.h = 8, .chow_split = 20});
  ExpectAgreement(peer, {.h = 8, .chow_split = 20});
  EXPECT_EQ(peer.RVectorNamed("bp.m2"), (std::vector<double>{20, 28}));
}

TEST_F(StrucchangePeer, DurableGoodsProductivity) {
  // Hansen (2001): US durable manufacturing productivity growth, AR(1), n = 650
  // (fluctuation and F tests; R's breakpoints takes ~20 s here, see the next test).
  const PeerOptions options{.chow_split = 400, .breakpoints = false};
  PeerCase peer = RunPeer(
      "data(durab)\nX <- cbind(1, as.vector(durab[, \"lag\"]))\ny <- as.vector(durab[, \"y\"])\n",
      options);
  ExpectAgreement(peer, options);
}

TEST_F(StrucchangePeer, DurableGoodsMonitoringWindow) {
  // The 1964-1979 window of strucchange's durab example (192 months), with dating.
  const PeerOptions options{.h = 0.15, .chow_split = 96};
  PeerCase peer = RunPeer(
      "data(durab)\nd <- window(durab, start = 1964, end = c(1979, 12))\n"
      "X <- cbind(1, as.vector(d[, \"lag\"]))\ny <- as.vector(d[, \"y\"])\n",
      options);
  ExpectAgreement(peer, options);
}

}  // namespace
}  // namespace kpiwatch
