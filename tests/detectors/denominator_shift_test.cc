// denominator_shift: a ratio that improves because its denominator shrank.
#include "detectors/gaming/denominator_shift.h"

#include <gtest/gtest.h>

#include "detectors/core/registry.h"
#include "tests/support/simulate.h"

namespace kpiwatch {
namespace {

Result<DetectorOutcome> Detect(const DetectorInput& input, std::map<std::string, std::string> params = {}) {
  return DetectorRegistry::Builtin().Run("denominator_shift", input, params);
}

Series Monthly(const std::string& id, std::vector<double> values) {
  Series series;
  series.indicator = id;
  Period start = *Period::Parse("2023-01");
  for (std::size_t i = 0; i < values.size(); ++i) series.periods.push_back(start.Next(static_cast<std::int64_t>(i)));
  series.values = std::move(values);
  return series;
}

DetectorInput Placements(double denominator_after, double numerator_after) {
  testing::Rng rng(6);
  std::vector<double> numerators = testing::PoissonCounts(rng, 12, 60.0);
  for (double v : testing::PoissonCounts(rng, 12, numerator_after)) numerators.push_back(v);
  std::vector<double> denominators = testing::PoissonCounts(rng, 12, 200.0);
  for (double v : testing::PoissonCounts(rng, 12, denominator_after)) denominators.push_back(v);
  std::vector<double> percent;
  for (int i = 0; i < 24; ++i) percent.push_back(100.0 * numerators[i] / denominators[i]);
  DetectorInput input;
  input.indicator.id = "werkplein.plaatsingen_pct";
  input.indicator.unit_kind = UnitKind::kPercent;
  input.series = Monthly(input.indicator.id, percent);
  input.series.denominators = denominators;
  return input;
}

TEST(DenominatorShiftTest, FindsARatioLiftedByAShrinkingIntake) {
  auto outcome = Detect(Placements(150.0, 60.0));
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome->findings.size(), 1u);
  const Finding& finding = outcome->findings[0];
  EXPECT_EQ(finding.kind, "denominator_shift");
  EXPECT_EQ(finding.period, "2024-01");
  EXPECT_GT(finding.EvidenceValue("denominator_share"), 0.7);
  EXPECT_NEAR(finding.EvidenceValue("log_change_denominator"), std::log(0.75), 0.05);
  EXPECT_NEAR(finding.EvidenceValue("log_change_ratio"),
              finding.EvidenceValue("log_change_numerator") - finding.EvidenceValue("log_change_denominator"), 1e-12);
}

TEST(DenominatorShiftTest, ARatioLiftedByTheNumeratorIsNotFlagged) {
  auto outcome = Detect(Placements(200.0, 80.0));
  ASSERT_TRUE(outcome.ok());
  EXPECT_TRUE(outcome->findings.empty());
}

TEST(DenominatorShiftTest, UsesRelatedNumeratorAndDenominatorSeries) {
  DetectorInput input = Placements(150.0, 60.0);
  RelatedSeries denominator{Relation::kDenominator, {}, Monthly("intake", input.series.denominators)};
  std::vector<double> numerators;
  for (std::size_t i = 0; i < input.series.size(); ++i) {
    numerators.push_back(input.series.values[i] / 100.0 * input.series.denominators[i]);
  }
  RelatedSeries numerator{Relation::kNumerator, {}, Monthly("placed", numerators)};
  input.series.denominators.clear();
  input.related = {numerator, denominator};
  auto outcome = Detect(input);
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome->findings.size(), 1u);
}

TEST(DenominatorShiftTest, NeedsDenominatorsAndFullWindows) {
  DetectorInput input = Placements(150.0, 60.0);
  input.series.denominators.clear();
  EXPECT_EQ(Detect(input)->applicability, Applicability::kNotApplicable);
  EXPECT_EQ(Detect(Placements(150.0, 60.0), {{"split", "3"}})->applicability, Applicability::kInsufficientData);
}

}  // namespace
}  // namespace kpiwatch
