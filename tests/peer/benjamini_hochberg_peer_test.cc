// Benjamini-Hochberg against R's p.adjust(method = "BH") on the same p-values: adjusted
// p-values agree to 1e-12 and the rejections at q are exactly R's adjusted p <= q.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>
#include <string>

#include "rules/evaluation/evaluator.h"
#include "rules/evaluation/false_discovery.h"
#include "tests/support/r_peer.h"
#include "tests/support/simulate.h"

namespace kpiwatch {
namespace {

class BenjaminiHochbergPeerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testing::HaveRscript()) GTEST_SKIP() << "Rscript not installed (make deps installs r-base-core)";
  }

  // Compares with R over `p` (NaN written as NA) at each q.
  void ExpectAgreesWithR(const std::vector<double>& p, const std::string& what) {
    std::string vector = testing::RVector(p);  // NaN prints as "nan" or "-nan": R's NA
    for (std::size_t at; (at = vector.find("-nan")) != std::string::npos;) vector.replace(at, 4, "NA");
    for (std::size_t at; (at = vector.find("nan")) != std::string::npos;) vector.replace(at, 3, "NA");
    auto r = testing::ParseNamedNumbers(testing::RunR(
        "p <- " + vector + "\na <- p.adjust(p, method = 'BH')\n"
        "for (i in seq_along(a)) cat(sprintf('adj%d %.17g\\n', i, a[i]))\n"));
    std::vector<double> ours = BenjaminiHochbergAdjusted(p);
    double worst = 0.0;
    for (std::size_t i = 0; i < p.size(); ++i) {
      auto it = r.find("adj" + std::to_string(i + 1));
      ASSERT_NE(it, r.end()) << what << " #" << i;
      if (std::isnan(p[i])) {
        EXPECT_TRUE(std::isnan(ours[i])) << what << " #" << i;
        EXPECT_TRUE(std::isnan(it->second)) << what << " #" << i;
        continue;
      }
      EXPECT_NEAR(ours[i], it->second, 1e-12) << what << " #" << i;
      worst = std::max(worst, std::abs(ours[i] - it->second));
    }
    for (double q : {0.01, 0.05, 0.1, 0.2}) {
      std::vector<bool> rejected = BenjaminiHochberg(p, q);
      for (std::size_t i = 0; i < p.size(); ++i) {
        double adjusted = r["adj" + std::to_string(i + 1)];
        if (std::abs(adjusted - q) < 1e-12) continue;  // on the boundary: rounding decides
        EXPECT_EQ(rejected[i], !std::isnan(adjusted) && adjusted <= q) << what << " q " << q << " #" << i;
      }
    }
    std::printf("[peer] p.adjust BH %-28s n %3zu  max |diff| %.2e\n", what.c_str(), p.size(), worst);
  }
};

TEST_F(BenjaminiHochbergPeerTest, HandPickedWithTiesAndOnes) {
  ExpectAgreesWithR({0.01, 0.04, 0.03, 0.005, 0.5, 0.04, 1.0, 0.2, 0.0001}, "hand-picked");
}

TEST_F(BenjaminiHochbergPeerTest, MissingValuesDoNotCount) {
  ExpectAgreesWithR({0.02, std::nan(""), 0.01, 0.3, std::nan(""), 0.04}, "with NA");
}

TEST_F(BenjaminiHochbergPeerTest, MixturesOfNullAndSignal) {
  testing::Rng rng(17);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  for (int size : {1, 20, 200}) {
    std::vector<double> p;
    for (int i = 0; i < size; ++i) {
      double u = uniform(rng);
      p.push_back(i % 4 == 0 ? u * 1e-3 : u);  // a quarter signals
    }
    ExpectAgreesWithR(p, "mixture n=" + std::to_string(size));
  }
}

}  // namespace
}  // namespace kpiwatch
