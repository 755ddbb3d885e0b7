// staleness: no value for the latest period that is due at as_of.
#include <gtest/gtest.h>

#include <cmath>

#include "detectors/core/registry.h"
#include "detectors/trust/staleness.h"
#include "tests/support/series_builder.h"

namespace kpiwatch {
namespace {

using namespace std::chrono;
using testing::P;

sys_seconds At(int y, unsigned m, unsigned d) { return sys_days(year(y) / month(m) / day(d)); }

DetectorInput Monthly(const std::string& first, std::size_t count, sys_seconds as_of) {
  DetectorInput input;
  input.indicator.id = "werkplein.uitstroom";
  input.indicator.cadence = Cadence::kMonth;
  input.series = testing::ConsecutiveSeries("werkplein.uitstroom", "noord", first, std::vector<double>(count, 5.0));
  input.as_of = as_of;
  return input;
}

Result<DetectorOutcome> RunStaleness(const DetectorInput& input, std::map<std::string, std::string> params = {}) {
  return DetectorRegistry::Builtin().Run("staleness", input, params);
}

TEST(Staleness, LatestDuePeriodUsesGraceAfterPeriodEnd) {
  // March ends 31 March; with 45 days grace it is due after 15 May.
  EXPECT_EQ(trust::LatestDuePeriod(Cadence::kMonth, sys_days(2024y / May / 15), 45), P("2024-02"));
  EXPECT_EQ(trust::LatestDuePeriod(Cadence::kMonth, sys_days(2024y / May / 16), 45), P("2024-03"));
  EXPECT_EQ(trust::LatestDuePeriod(Cadence::kQuarter, sys_days(2024y / June / 15), 75), P("2024-Q1"));
  EXPECT_EQ(trust::DefaultGraceDays(Cadence::kMonth), 45);
}

TEST(Staleness, CurrentSeriesGivesNoFinding) {
  // Last value 2024-03, evaluated on 16 May 2024: March just became due and is there.
  Result<DetectorOutcome> outcome = RunStaleness(Monthly("2023-04", 12, At(2024, 5, 16)));
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->applicability, Applicability::kApplicable);
  EXPECT_TRUE(outcome->findings.empty());
}

TEST(Staleness, MissingDuePeriodsAreReportedWithDaysOverdue) {
  // Last value 2024-01; on 20 May 2024 February and March are due.
  Result<DetectorOutcome> outcome = RunStaleness(Monthly("2023-02", 12, At(2024, 5, 20)));
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome->findings.size(), 1u);
  const Finding& finding = outcome->findings[0];
  EXPECT_EQ(finding.detector, "staleness");
  EXPECT_EQ(finding.kind, "not_current");
  EXPECT_EQ(finding.period, "2024-01");
  EXPECT_EQ(finding.EvidenceValue("missing_periods"), 2.0);
  // February is due after 29 Feb + 45 days = 14 April; 20 May is 36 days later.
  EXPECT_EQ(finding.statistic, 36.0);
  EXPECT_EQ(finding.statistic_name, "days_overdue");
  EXPECT_NE(finding.explanation.find("2024-03"), std::string::npos);
  EXPECT_NE(finding.explanation.find("not proof"), std::string::npos);
  EXPECT_FALSE(finding.questions.empty());
}

TEST(Staleness, GraceParameterMovesTheDueDate) {
  DetectorInput input = Monthly("2023-02", 12, At(2024, 5, 20));  // last 2024-01
  Result<DetectorOutcome> outcome = RunStaleness(input, {{"grace_days", "120"}});
  ASSERT_TRUE(outcome.ok());
  EXPECT_TRUE(outcome->findings.empty());  // Feb + 120 days = 28 June
}

TEST(Staleness, TrailingMissingValuesCountAsMissing) {
  DetectorInput input = Monthly("2023-04", 12, At(2024, 5, 16));  // up to 2024-03
  input.series.values.back() = NAN;
  Result<DetectorOutcome> outcome = RunStaleness(input);
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome->findings.size(), 1u);
  EXPECT_EQ(outcome->findings[0].period, "2024-02");
}

TEST(Staleness, NotApplicableWithoutClock) {
  DetectorInput input = Monthly("2023-04", 12, At(2024, 5, 16));
  input.as_of.reset();
  Result<DetectorOutcome> outcome = RunStaleness(input);
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->applicability, Applicability::kNotApplicable);
  EXPECT_NE(outcome->reason.find("as_of"), std::string::npos);
}

TEST(Staleness, InsufficientDataWithoutObservations) {
  DetectorInput input = Monthly("2023-04", 3, At(2024, 5, 16));
  input.series.values.assign(3, NAN);
  Result<DetectorOutcome> outcome = RunStaleness(input);
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->applicability, Applicability::kInsufficientData);
}

}  // namespace
}  // namespace kpiwatch
