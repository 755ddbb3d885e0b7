// benford: first-digit and first-two-digit tests with Nigrini's MAD bands.
#include "detectors/gaming/benford.h"

#include <gtest/gtest.h>

#include <cmath>

#include "detectors/core/registry.h"
#include "tests/support/simulate.h"

namespace kpiwatch {
namespace {

Result<DetectorOutcome> Detect(const DetectorInput& input, std::map<std::string, std::string> params = {}) {
  return DetectorRegistry::Builtin().Run("benford", input, params);
}

DetectorInput Amounts(int n, double invented_share, double invented_low, double invented_high) {
  testing::Rng rng(5);
  std::uniform_real_distribution<double> exponent(1.0, 6.0), unit(0.0, 1.0), invented(invented_low, invented_high);
  DetectorInput input;
  input.indicator.id = "werkplein.betalingen";
  input.indicator.unit_kind = UnitKind::kAmount;
  for (int i = 0; i < n; ++i) {
    input.samples.push_back(unit(rng) < invented_share ? invented(rng) : std::pow(10.0, exponent(rng)));
  }
  return input;
}

TEST(BenfordTest, LeadingDigits) {
  EXPECT_EQ(gaming::LeadingDigits(0.3, 1), 3);
  EXPECT_EQ(gaming::LeadingDigits(4999.99, 2), 49);
  EXPECT_EQ(gaming::LeadingDigits(-1000, 1), 1);
  EXPECT_EQ(gaming::LeadingDigits(7, 2), 70);
  EXPECT_EQ(gaming::LeadingDigits(0, 1), 0);
}

TEST(BenfordTest, InventedAmountsAreNonconforming) {
  auto outcome = Detect(Amounts(1000, 0.3, 1000, 9999));
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome->findings.size(), 1u);
  const Finding& finding = outcome->findings[0];
  EXPECT_EQ(finding.kind, "benford_nonconformity");
  EXPECT_GT(finding.EvidenceValue("first_digit_mad"), 0.015);
  EXPECT_EQ(finding.EvidenceValue("first_digit_conformity_level"), 3.0);
  EXPECT_GT(finding.EvidenceValue("first_two_digits_n"), 900.0);
}

TEST(BenfordTest, ExcessAtFiftyShowsInTheFirstTwoDigits) {
  auto outcome = Detect(Amounts(3000, 0.1, 5000, 5099.99));  // Nigrini's payments: excess at 50
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome->findings.size(), 1u);
  EXPECT_EQ(outcome->findings[0].EvidenceValue("first_two_digits_top_digit"), 50.0);
}

TEST(BenfordTest, BenfordDataConform) {
  auto outcome = Detect(Amounts(2000, 0.0, 1, 2));
  ASSERT_TRUE(outcome.ok());
  EXPECT_TRUE(outcome->findings.empty());
}

TEST(BenfordTest, NotApplicableToPercentagesNarrowRangesOrFewValues) {
  DetectorInput percent = Amounts(1000, 0.0, 1, 2);
  percent.indicator.unit_kind = UnitKind::kPercent;
  EXPECT_EQ(Detect(percent)->applicability, Applicability::kNotApplicable);
  DetectorInput narrow = Amounts(1000, 1.0, 1000, 9999);
  EXPECT_EQ(Detect(narrow)->applicability, Applicability::kNotApplicable);
  EXPECT_NE(Detect(narrow)->reason.find("orders of magnitude"), std::string::npos);
  EXPECT_EQ(Detect(Amounts(50, 0.0, 1, 2))->applicability, Applicability::kInsufficientData);
}

}  // namespace
}  // namespace kpiwatch
