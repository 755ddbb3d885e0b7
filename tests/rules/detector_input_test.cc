// BuildDetectorInput: what a detector sees for one indicator and unit.
#include "rules/evaluation/detector_input.h"

#include <gtest/gtest.h>

#include <cmath>

namespace kpiwatch {
namespace {

Period Month(const char* text) { return Period::Parse(text, Cadence::kMonth).value(); }

Indicator Declared(std::string id, UnitKind unit = UnitKind::kCount) {
  Indicator indicator;
  indicator.id = std::move(id);
  indicator.name = indicator.id;
  indicator.definition = "A test indicator.";
  indicator.unit = unit;
  indicator.cadence = Cadence::kMonth;
  return indicator;
}

// outflow <-> lasting (counter-indicator declared on outflow), rate = outflow / stock,
// defaulters proxy_for debts.
Catalogue TestCatalogue() {
  Indicator outflow = Declared("outflow");
  outflow.counter_indicators = {"lasting"};
  Indicator lasting = Declared("lasting", UnitKind::kPercent);
  lasting.target = Target{60.0, Comparator::kAtLeast, Month("2020-01")};
  Indicator rate = Declared("rate", UnitKind::kPercent);
  rate.numerator = "outflow";
  rate.denominator = "stock";
  Indicator defaulters = Declared("defaulters");
  defaulters.proxy_for = "debts";
  return Catalogue({outflow, lasting, rate, Declared("stock"), defaulters, Declared("debts")});
}

Observation Row(const char* indicator, const char* unit, const char* month, double value,
                std::optional<double> n = std::nullopt) {
  Observation row;
  row.indicator = indicator;
  row.unit = unit;
  row.period = Month(month);
  row.value = value;
  row.n = n;
  return row;
}

DetectorInfo Detector(InputShape shape) {
  DetectorInfo info;
  info.name = "probe";
  info.shape = shape;
  return info;
}

class DetectorInputTest : public ::testing::Test {
 protected:
  Result<DetectorInput> Build(const std::string& indicator, const std::string& unit,
                              InputShape shape = InputShape::kSeries) {
    DetectorData data;
    data.catalogue = &catalogue_;
    data.observations = rows_;
    data.samples = samples_;
    data.revisions = revisions_;
    data.as_of = as_of_;
    return BuildDetectorInput(data, indicator, unit, Detector(shape));
  }

  Catalogue catalogue_ = TestCatalogue();
  std::vector<Observation> rows_;
  std::vector<Sample> samples_;
  std::vector<Revision> revisions_;
  std::optional<std::chrono::sys_seconds> as_of_;
};

TEST_F(DetectorInputTest, SeriesIsSortedByPeriodWithDenominatorsFromN) {
  rows_ = {Row("lasting", "a", "2024-03", 61.0, 40), Row("lasting", "b", "2024-01", 50.0, 10),
           Row("lasting", "a", "2024-01", 63.0, 38), Row("lasting", "a", "2024-02", 58.0)};
  Result<DetectorInput> input = Build("lasting", "a");
  ASSERT_TRUE(input.ok()) << input.status().ToString();
  const Series& series = input->series;
  EXPECT_EQ(series.indicator, "lasting");
  EXPECT_EQ(series.unit, "a");
  EXPECT_EQ(series.periods, (std::vector<Period>{Month("2024-01"), Month("2024-02"), Month("2024-03")}));
  EXPECT_EQ(series.values, (std::vector<double>{63.0, 58.0, 61.0}));
  ASSERT_EQ(series.denominators.size(), 3u);
  EXPECT_EQ(series.denominators[0], 38.0);
  EXPECT_TRUE(std::isnan(series.denominators[1]));
  EXPECT_EQ(series.denominators[2], 40.0);
  EXPECT_EQ(input->indicator.id, "lasting");
  ASSERT_TRUE(input->indicator.target.has_value());
  EXPECT_EQ(input->indicator.target->value, 60.0);
  EXPECT_EQ(input->indicator.unit_kind, UnitKind::kPercent);
}

TEST_F(DetectorInputTest, DenominatorsStayEmptyWhenNoRowHasN) {
  rows_ = {Row("outflow", "a", "2024-01", 5), Row("outflow", "a", "2024-02", 6)};
  Result<DetectorInput> input = Build("outflow", "a");
  ASSERT_TRUE(input.ok());
  EXPECT_TRUE(input->series.denominators.empty());
  EXPECT_FALSE(input->series.has_denominators());
}

TEST_F(DetectorInputTest, ALaterRowForTheSamePeriodWins) {
  rows_ = {Row("outflow", "a", "2024-01", 5), Row("outflow", "a", "2024-01", 7)};
  Result<DetectorInput> input = Build("outflow", "a");
  ASSERT_TRUE(input.ok());
  EXPECT_EQ(input->series.values, (std::vector<double>{7}));
}

TEST_F(DetectorInputTest, PeersAreEveryUnitOfTheIndicatorSortedByUnit) {
  rows_ = {Row("outflow", "c", "2024-01", 1), Row("outflow", "a", "2024-01", 2),
           Row("outflow", "b", "2024-01", 3), Row("stock", "d", "2024-01", 9)};
  Result<DetectorInput> input = Build("outflow", "b");
  ASSERT_TRUE(input.ok());
  ASSERT_EQ(input->peers.size(), 3u);
  EXPECT_EQ(input->peers[0].unit, "a");
  EXPECT_EQ(input->peers[1].unit, "b");
  EXPECT_EQ(input->peers[2].unit, "c");
  EXPECT_EQ(input->peers[2].values, (std::vector<double>{1}));
}

TEST_F(DetectorInputTest, CounterIndicatorsApplyInBothDirectionsForTheSameUnit) {
  rows_ = {Row("outflow", "a", "2024-01", 5), Row("lasting", "a", "2024-01", 60, 30),
           Row("lasting", "b", "2024-01", 70, 30)};
  Result<DetectorInput> declared_side = Build("outflow", "a", InputShape::kPair);
  ASSERT_TRUE(declared_side.ok());
  ASSERT_EQ(declared_side->related.size(), 1u);
  EXPECT_EQ(declared_side->related[0].relation, Relation::kCounterIndicator);
  EXPECT_EQ(declared_side->related[0].indicator.id, "lasting");
  EXPECT_EQ(declared_side->related[0].series.values, (std::vector<double>{60}));

  Result<DetectorInput> other_side = Build("lasting", "a", InputShape::kPair);
  ASSERT_TRUE(other_side.ok());
  ASSERT_EQ(other_side->related.size(), 1u);
  EXPECT_EQ(other_side->related[0].relation, Relation::kCounterIndicator);
  EXPECT_EQ(other_side->related[0].indicator.id, "outflow");

  // Unit b has no outflow: no related series rather than an empty one.
  Result<DetectorInput> alone = Build("lasting", "b", InputShape::kPair);
  ASSERT_TRUE(alone.ok());
  EXPECT_TRUE(alone->related.empty());
}

TEST_F(DetectorInputTest, ProxyGetsItsOutcomeAndTheOutcomeItsProxy) {
  rows_ = {Row("defaulters", "a", "2024-01", 40), Row("debts", "a", "2024-01", 100)};
  Result<DetectorInput> proxy = Build("defaulters", "a", InputShape::kPair);
  ASSERT_TRUE(proxy.ok());
  ASSERT_EQ(proxy->related.size(), 1u);
  EXPECT_EQ(proxy->related[0].relation, Relation::kOutcome);
  EXPECT_EQ(proxy->related[0].series.indicator, "debts");

  Result<DetectorInput> outcome = Build("debts", "a", InputShape::kPair);
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome->related.size(), 1u);
  EXPECT_EQ(outcome->related[0].relation, Relation::kProxy);
  EXPECT_EQ(outcome->related[0].series.indicator, "defaulters");
}

TEST_F(DetectorInputTest, RatioGetsItsNumeratorAndDenominator) {
  rows_ = {Row("rate", "a", "2024-01", 10, 200), Row("outflow", "a", "2024-01", 20),
           Row("stock", "a", "2024-01", 200)};
  Result<DetectorInput> input = Build("rate", "a");
  ASSERT_TRUE(input.ok());
  ASSERT_EQ(input->related.size(), 2u);
  EXPECT_EQ(input->related[0].relation, Relation::kNumerator);
  EXPECT_EQ(input->related[0].series.values, (std::vector<double>{20}));
  EXPECT_EQ(input->related[1].relation, Relation::kDenominator);
  EXPECT_EQ(input->related[1].series.values, (std::vector<double>{200}));
  EXPECT_EQ(input->series.denominators, (std::vector<double>{200}));
}

TEST_F(DetectorInputTest, SamplesOfTheUnitInPeriodOrder) {
  rows_ = {Row("outflow", "a", "2024-01", 1), Row("outflow", "a", "2024-02", 1)};
  samples_ = {{"outflow", "a", Month("2024-02"), 3.0}, {"outflow", "b", Month("2024-01"), 9.0},
              {"outflow", "a", Month("2024-01"), 1.0}, {"outflow", "a", Month("2024-01"), 2.0},
              {"stock", "a", Month("2024-01"), 7.0}};
  Result<DetectorInput> input = Build("outflow", "a");
  ASSERT_TRUE(input.ok());
  EXPECT_EQ(input->samples, (std::vector<double>{1.0, 2.0, 3.0}));
}

TEST_F(DetectorInputTest, EmptyUnitGivesTheWholeCrossSectionForCrossSectionDetectors) {
  rows_ = {Row("outflow", "a", "2024-01", 1), Row("outflow", "b", "2024-01", 2),
           Row("lasting", "a", "2024-01", 60, 30)};
  samples_ = {{"outflow", "b", Month("2024-01"), 9.0}, {"outflow", "a", Month("2024-01"), 1.0}};
  Result<DetectorInput> input = Build("outflow", "", InputShape::kCrossSection);
  ASSERT_TRUE(input.ok()) << input.status().ToString();
  EXPECT_EQ(input->series.indicator, "outflow");
  EXPECT_EQ(input->series.size(), 0u);
  EXPECT_EQ(input->peers.size(), 2u);
  EXPECT_EQ(input->samples, (std::vector<double>{9.0, 1.0}));
  EXPECT_TRUE(input->related.empty());
}

TEST_F(DetectorInputTest, EmptyUnitIsAnErrorForDetectorsThatNeedOneSeries) {
  rows_ = {Row("outflow", "a", "2024-01", 1)};
  Result<DetectorInput> input = Build("outflow", "", InputShape::kSeries);
  ASSERT_FALSE(input.ok());
  EXPECT_EQ(input.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(input.status().message(), "detector 'probe' (input series) needs one series: give a unit");
}

TEST_F(DetectorInputTest, UndeclaredIndicatorAndMissingSeriesAreNotFound) {
  rows_ = {Row("outflow", "a", "2024-01", 1)};
  Result<DetectorInput> undeclared = Build("inflow", "a");
  ASSERT_FALSE(undeclared.ok());
  EXPECT_EQ(undeclared.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(undeclared.status().message(), "indicator 'inflow' is not declared in the catalogue");
  Result<DetectorInput> missing = Build("outflow", "z");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(), "no observations of 'outflow' for unit 'z'");
}

TEST_F(DetectorInputTest, PeriodOfAnotherCadenceIsAnError) {
  rows_ = {Row("outflow", "a", "2024-01", 1)};
  Observation quarterly = rows_[0];
  quarterly.period = Period::Parse("2024-Q2").value();
  rows_.push_back(quarterly);
  Result<DetectorInput> input = Build("outflow", "a");
  ASSERT_FALSE(input.ok());
  EXPECT_EQ(input.status().message(),
            "observation of 'outflow' for unit 'a' has period 2024-Q2 of cadence quarter, but "
            "the indicator's cadence is month");
}

TEST_F(DetectorInputTest, MissingCatalogueIsAnError) {
  DetectorData data;
  Result<DetectorInput> input = BuildDetectorInput(data, "outflow", "a", Detector(InputShape::kSeries));
  ASSERT_FALSE(input.ok());
  EXPECT_EQ(input.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(DetectorInputTest, RevisionsOfTheUnitAndTheClockArePassedOn) {
  rows_ = {Row("outflow", "a", "2024-01", 1)};
  revisions_ = {{"", "a", Month("2024-01"), 2.0, 1.0, {}}, {"", "b", Month("2024-01"), 5.0, 4.0, {}}};
  as_of_ = std::chrono::sys_seconds(std::chrono::sys_days(std::chrono::year(2024) / 3 / 1));
  Result<DetectorInput> input = Build("outflow", "a", InputShape::kRevisions);
  ASSERT_TRUE(input.ok());
  ASSERT_EQ(input->revisions.size(), 1u);
  EXPECT_EQ(input->revisions[0].old_value, 2.0);
  EXPECT_EQ(input->as_of, as_of_);
}

TEST_F(DetectorInputTest, RevisionsNamingTheIndicatorOrNoneComeInInputOrderOthersNot) {
  rows_ = {Row("outflow", "a", "2024-01", 1)};
  revisions_ = {{"outflow", "a", Month("2024-01"), 1.0, 0.0, {}}, {"lasting", "a", Month("2024-01"), 9.0, 0.0, {}},
                {"", "a", Month("2024-02"), 2.0, 0.0, {}},        {"outflow", "b", Month("2024-01"), 8.0, 0.0, {}},
                {"outflow", "a", Month("2024-03"), 3.0, 0.0, {}}};
  Result<DetectorInput> input = Build("outflow", "a", InputShape::kRevisions);
  ASSERT_TRUE(input.ok()) << input.status().ToString();
  std::vector<double> old_values;
  for (const Revision& revision : input->revisions) old_values.push_back(revision.old_value);
  EXPECT_EQ(old_values, (std::vector<double>{1.0, 2.0, 3.0}));
}

TEST(UnitsOfTest, ListsEachUnitOnceInOrder) {
  std::vector<Observation> rows = {Row("x", "b", "2024-01", 1), Row("x", "a", "2024-01", 1),
                                   Row("x", "b", "2024-02", 1), Row("y", "c", "2024-01", 1)};
  EXPECT_EQ(UnitsOf(rows, "x"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(UnitsOf(rows, "z").empty());
}

}  // namespace
}  // namespace kpiwatch
