// definition_change: declared definition versions as known breaks.
#include <gtest/gtest.h>

#include "detectors/core/known_breaks.h"
#include "detectors/core/registry.h"
#include "tests/support/series_builder.h"
#include "tests/support/simulate.h"

namespace kpiwatch {
namespace {

using testing::P;

DetectorInput Input(std::uint64_t seed, double shift) {
  testing::Rng rng(seed);
  std::vector<double> values = testing::NormalNoise(rng, 36, 1.0, 20.0);
  testing::AddShift(values, 24, shift);
  DetectorInput input;
  input.indicator.id = "jeugd.wachttijd";
  input.series = testing::ConsecutiveSeries(input.indicator.id, "regio", "2021-01", values);
  return input;
}

Result<DetectorOutcome> RunDefinition(const DetectorInput& input) {
  return DetectorRegistry::Builtin().Run("definition_change", input, {});
}

TEST(DefinitionChange, KnownBreakRowsInsideTheSeries) {
  DetectorInput input = Input(1, 0.0);
  input.indicator.definition_changes = {P("2020-06"), P("2021-01"), P("2023-01"), P("2022-07"), P("2030-01")};
  EXPECT_EQ(DefinitionChangeRows(input.indicator, input.series), (std::vector<std::size_t>{18, 24}));
}

TEST(DefinitionChange, DeclaredChangeRaisesFindingWithLevelEvidence) {
  DetectorInput input = Input(2, 5.0);
  input.indicator.definition_changes = {P("2023-01")};
  Result<DetectorOutcome> outcome = RunDefinition(input);
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome->findings.size(), 1u);
  const Finding& finding = outcome->findings[0];
  EXPECT_EQ(finding.kind, "definition_change");
  EXPECT_EQ(finding.period, "2023-01");
  EXPECT_EQ(finding.window_begin_period, "2022-01");
  EXPECT_EQ(finding.window_end_period, "2023-12");
  EXPECT_NEAR(finding.effect, 5.0, 1.0);
  EXPECT_EQ(finding.direction, ChangeDirection::kUp);
  ASSERT_TRUE(finding.p_value.has_value());
  EXPECT_LT(*finding.p_value, 1e-4);
  EXPECT_NE(finding.explanation.find("comparable"), std::string::npos);
}

TEST(DefinitionChange, RaisedEvenWhenTheLevelDoesNotMove) {
  DetectorInput input = Input(3, 0.0);
  input.indicator.definition_changes = {P("2023-01")};
  Result<DetectorOutcome> outcome = RunDefinition(input);
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome->findings.size(), 1u);
  EXPECT_GT(*outcome->findings[0].p_value, 0.01);
}

TEST(DefinitionChange, NotApplicableWithoutDeclaredChange) {
  Result<DetectorOutcome> outcome = RunDefinition(Input(4, 5.0));
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->applicability, Applicability::kNotApplicable);
  EXPECT_TRUE(outcome->findings.empty());
}

}  // namespace
}  // namespace kpiwatch
