// The gaming detectors' statistics against R on the same data: chisq.test, binom.test,
// car::leveneTest(center = median) and sandwich::NeweyWest. Statistics and p-values must
// agree to 1e-6 (relative to their size when above 1).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "detectors/gaming/benford.h"
#include "detectors/stats/brown_forsythe.h"
#include "detectors/stats/chi_square.h"
#include "detectors/stats/distributions.h"
#include "detectors/stats/newey_west.h"
#include "tests/support/r_peer.h"
#include "tests/support/simulate.h"

namespace kpiwatch {
namespace {

using testing::RVector;

void ExpectAgrees(double ours, double r, const std::string& what) {
  double tolerance = 1e-6 * std::max(1.0, std::abs(r));
  EXPECT_NEAR(ours, r, tolerance) << what;
  std::printf("[peer] %-34s ours %.12g  R %.12g  |diff| %.2e\n", what.c_str(), ours, r, std::abs(ours - r));
}

class GamingPeerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testing::HaveRscript()) GTEST_SKIP() << "Rscript not installed (make deps installs r-base-core)";
  }
};

TEST_F(GamingPeerTest, BenfordChiSquareMatchesChisqTest) {
  testing::Rng rng(11);
  std::uniform_real_distribution<double> exponent(1.0, 5.0), unit(0.0, 1.0), invented(1000.0, 9999.0);
  std::vector<double> counts(9, 0.0), expected;
  for (int i = 0; i < 600; ++i) {
    double amount = unit(rng) < 0.2 ? invented(rng) : std::pow(10.0, exponent(rng));
    counts[static_cast<std::size_t>(gaming::LeadingDigits(amount, 1) - 1)] += 1.0;
  }
  for (int d = 1; d <= 9; ++d) expected.push_back(std::log10(1.0 + 1.0 / d));
  auto ours = stats::ChiSquareGoodnessOfFit(counts, expected);
  ASSERT_TRUE(ours.ok());
  auto r = testing::ParseNamedNumbers(testing::RunR(
      "t <- chisq.test(" + RVector(counts) + ", p = log10(1 + 1/(1:9)))\n"
      "cat(sprintf('statistic %.17g\\np %.17g\\n', t$statistic, t$p.value))\n"));
  ExpectAgrees(ours->statistic, r["statistic"], "chisq.test benford statistic");
  ExpectAgrees(ours->p_value, r["p"], "chisq.test benford p");
}

TEST_F(GamingPeerTest, UniformLastDigitsMatchChisqTest) {
  std::vector<double> counts = {31, 14, 18, 22, 17, 39, 15, 16, 12, 16};
  auto ours = stats::ChiSquareGoodnessOfFit(counts, std::vector<double>(10, 0.1));
  ASSERT_TRUE(ours.ok());
  auto r = testing::ParseNamedNumbers(testing::RunR(
      "t <- chisq.test(" + RVector(counts) + ")\n"
      "cat(sprintf('statistic %.17g\\np %.17g\\n', t$statistic, t$p.value))\n"));
  ExpectAgrees(ours->statistic, r["statistic"], "chisq.test last digit statistic");
  ExpectAgrees(ours->p_value, r["p"], "chisq.test last digit p");
}

TEST_F(GamingPeerTest, TwoByTwoMatchesChisqTestWithoutCorrection) {
  auto ours = stats::ChiSquareTwoByTwo(78, 561, 201, 2189);
  ASSERT_TRUE(ours.ok());
  auto r = testing::ParseNamedNumbers(testing::RunR(
      "t <- chisq.test(matrix(c(78, 201, 561, 2189), 2), correct = FALSE)\n"
      "cat(sprintf('statistic %.17g\\np %.17g\\n', t$statistic, t$p.value))\n"));
  ExpectAgrees(ours->chi_square.statistic, r["statistic"], "chisq.test 2x2 statistic");
  ExpectAgrees(ours->chi_square.p_value, r["p"], "chisq.test 2x2 p");
}

TEST_F(GamingPeerTest, BandCountsMatchBinomTest) {
  auto r = testing::ParseNamedNumbers(testing::RunR(
      "g <- binom.test(14, 19, 0.5, alternative = 'greater')$p.value\n"
      "t <- binom.test(14, 19, 0.5)$p.value\n"
      "z <- binom.test(80, 200, 0.2, alternative = 'greater')$p.value\n"
      "g15 <- binom.test(15, 19, 0.5, alternative = 'greater')$p.value\n"
      "cat(sprintf('greater %.17g\\ntwo %.17g\\nheap %.17g\\ngreater15 %.17g\\n', g, t, z, g15))\n"));
  ExpectAgrees(stats::BinomialUpperTail(14, 19, 0.5), r["greater"], "binom.test greater p");
  ExpectAgrees(stats::BinomialTwoSided(14, 19, 0.5), r["two"], "binom.test two-sided p");
  ExpectAgrees(stats::BinomialUpperTail(80, 200, 0.2), r["heap"], "binom.test 0/5 heaping p");
  // target_hugging's mid-p is built from the same tails: P(X >= k) and P(X >= k + 1).
  ExpectAgrees(stats::BinomialUpperTail(15, 19, 0.5), r["greater15"], "binom.test greater p (k + 1)");
}

TEST_F(GamingPeerTest, BrownForsytheMatchesLeveneTestWithMedian) {
  testing::Rng rng(7);
  std::vector<double> before = testing::NormalNoise(rng, 18, 1.0, 0.2);
  std::vector<double> after = testing::NormalNoise(rng, 18, 0.4, 0.1);
  auto ours = stats::BrownForsythe({before, after});
  ASSERT_TRUE(ours.ok());
  auto r = testing::ParseNamedNumbers(testing::RunR(
      "suppressPackageStartupMessages(library(car))\n"
      "y <- c(" + RVector(before) + ", " + RVector(after) + ")\n"
      "g <- factor(rep(c('before', 'after'), c(" + std::to_string(before.size()) + ", " +
      std::to_string(after.size()) + ")))\n"
      "t <- leveneTest(y ~ g, center = median)\n"
      "cat(sprintf('f %.17g\\np %.17g\\n', t[1, 'F value'], t[1, 'Pr(>F)']))\n"));
  ExpectAgrees(ours->f, r["f"], "leveneTest(center = median) F");
  ExpectAgrees(ours->p_value, r["p"], "leveneTest(center = median) p");
}

TEST_F(GamingPeerTest, NeweyWestMatchesSandwich) {
  testing::Rng rng(5);
  std::vector<double> y = testing::Ar1Noise(rng, 48, 0.3);
  testing::AddShift(y, 24, 0.8);
  Eigen::MatrixXd x = Eigen::MatrixXd::Ones(48, 2);
  Eigen::VectorXd values(48);
  for (int i = 0; i < 48; ++i) {
    x(i, 1) = i >= 24 ? 1.0 : 0.0;
    values(i) = y[static_cast<std::size_t>(i)];
  }
  Eigen::VectorXd residuals = values - x * x.colPivHouseholderQr().solve(values);
  auto plain = stats::NeweyWestCovariance(x, residuals, 3, false);
  auto adjusted = stats::NeweyWestCovariance(x, residuals, 3, true);
  auto prewhitened = stats::NeweyWestCovariance(x, residuals, 3, true, true);
  auto test = stats::HacMeanShift(std::span(y).first(24), std::span(y).subspan(24), 3);
  ASSERT_TRUE(plain.ok() && adjusted.ok() && prewhitened.ok() && test.ok());
  auto r = testing::ParseNamedNumbers(testing::RunR(
      "suppressPackageStartupMessages({library(sandwich); library(lmtest)})\n"
      "y <- " + RVector(y) + "\nstep <- rep(0:1, each = 24)\nfit <- lm(y ~ step)\n"
      "v <- NeweyWest(fit, lag = 3, prewhite = FALSE, adjust = FALSE)\n"
      "a <- NeweyWest(fit, lag = 3, prewhite = FALSE, adjust = TRUE)\n"
      "w <- NeweyWest(fit, lag = 3, prewhite = TRUE, adjust = TRUE)\n"
      "ct <- coeftest(fit, vcov. = w)\n"
      "cat(sprintf('v11 %.17g\\nv12 %.17g\\nv22 %.17g\\na22 %.17g\\nw11 %.17g\\nw22 %.17g\\nt %.17g\\np %.17g\\n', "
      "v[1,1], v[1,2], v[2,2], a[2,2], w[1,1], w[2,2], ct[2, 't value'], ct[2, 'Pr(>|t|)']))\n"));
  ExpectAgrees((*plain)(0, 0), r["v11"], "NeweyWest vcov[1,1]");
  ExpectAgrees((*plain)(0, 1), r["v12"], "NeweyWest vcov[1,2]");
  ExpectAgrees((*plain)(1, 1), r["v22"], "NeweyWest vcov[2,2]");
  ExpectAgrees((*adjusted)(1, 1), r["a22"], "NeweyWest(adjust = TRUE) vcov[2,2]");
  ExpectAgrees((*prewhitened)(0, 0), r["w11"], "NeweyWest(prewhite = TRUE) vcov[1,1]");
  ExpectAgrees((*prewhitened)(1, 1), r["w22"], "NeweyWest(prewhite = TRUE) vcov[2,2]");
  ExpectAgrees(test->t, r["t"], "coeftest HAC t of the shift");
  ExpectAgrees(test->p_two_sided, r["p"], "coeftest HAC p of the shift");
}

}  // namespace
}  // namespace kpiwatch
