// Debt and housing indicators of the werkplein scenario, with their injected effects: a
// level shift in
// debt-assistance intake (eemwolde), an outlier in intake (lindewaard), and a
// health-insurance-defaulter proxy that decouples from household debt (lindewaard).
// Evictions and settlement success rates stay clean.
#include <cmath>

#include "rules/simulation/werkplein_draft.h"

namespace kpiwatch::simulation {
namespace {

using namespace werkplein;  // NOLINT: the ids of this scenario

// More applications after the winter bills, fewer in the summer.
constexpr MonthlyProfile kIntakeProfile = {1.20, 1.10, 1.05, 1.00, 0.95, 0.90,
                                           0.85, 0.90, 1.00, 1.05, 1.00, 1.00};
constexpr double kEvictionsPerMonth = 0.75;    // average municipality: 9 a year
constexpr double kSettlementsClosed = 40.0;    // amicable settlement attempts a month
constexpr double kIntakePerMonth = 32.0;
constexpr double kIndebtedHouseholds = 2100.0;
constexpr double kDefaultersPerHousehold = 0.42;  // defaulters per indebted household

// Success probability of an amicable settlement, per unit (WerkpleinUnits() order).
constexpr double kSettlementSuccess[] = {0.930, 0.920, 0.915, 0.925, 0.910, 0.930};

std::vector<double> Rounded(std::vector<double> values) {
  for (double& value : values) value = std::round(value);
  return values;
}

void AddEvictions(WerkpleinDraft& draft, const SimulatedUnit& unit) {
  Rng rng = draft.RngFor(kHuisuitzettingen, unit.id);
  draft.Put(kHuisuitzettingen, unit.id,
            PoissonDraws(rng, ExpectedMonthly(draft.periods(), kEvictionsPerMonth * unit.size,
                                              kFlatProfile, 0.0)));
}

// Success rates of amicable settlements: binomial, mostly just below the 95% target.
void AddSettlements(WerkpleinDraft& draft, const SimulatedUnit& unit, double success) {
  Rng rng = draft.RngFor(kMinnelijkSucces, unit.id);
  std::vector<double> closed = PoissonDraws(
      rng, ExpectedMonthly(draft.periods(), kSettlementsClosed * unit.size, kFlatProfile, 0.0));
  for (double& attempts : closed) attempts = std::max(attempts, 1.0);
  std::vector<double> rate =
      BinomialPercent(rng, std::vector<double>(closed.size(), success), closed);
  draft.Put(kMinnelijkSucces, unit.id, rate, closed);
}

// Debt-assistance applications. Eemwolde starts early-warning outreach in 2022-04
// (+45%); lindewaard's 2023-09 figure holds a batch loaded twice and more (x2.6).
void AddIntake(WerkpleinDraft& draft, const SimulatedUnit& unit) {
  std::vector<double> expected =
      ExpectedMonthly(draft.periods(), kIntakePerMonth * unit.size, kIntakeProfile, 0.02);
  if (unit.id == "eemwolde") ScaleFrom(expected, draft.IndexOf("2022-04"), 1.45);
  Rng rng = draft.RngFor(kAanmeldingen, unit.id);
  std::vector<double> intake = PoissonDraws(rng, expected);
  if (unit.id == "lindewaard") ScaleAt(intake, draft.IndexOf("2023-09"), 2.6);
  draft.Put(kAanmeldingen, unit.id, Rounded(intake));
}

// Health-insurance defaulters (a slowly wandering stock with a mild upward trend) and
// households with problematic debts, about 1/0.42 per defaulter with 1.5% noise of their
// own: the outcome follows the proxy as the regression outcome ~ a + b * proxy assumes.
// In lindewaard the proxy decouples from 2023-01: premiums are withheld from benefits, so
// defaulters fall to 55% of the old ratio within three months while debts go on as before.
void AddDebtAndDefaulters(WerkpleinDraft& draft, const SimulatedUnit& unit) {
  std::vector<double> defaulters = ExpectedMonthly(
      draft.periods(), kDefaultersPerHousehold * kIndebtedHouseholds * unit.size, kFlatProfile,
      0.005);
  Rng proxy_rng = draft.RngFor(kWanbetalers, unit.id);
  std::vector<double> wander = Ar1Factors(proxy_rng, defaulters.size(), 0.6, 0.025);
  for (std::size_t i = 0; i < defaulters.size(); ++i) defaulters[i] *= wander[i];

  Rng debt_rng = draft.RngFor(kHuishoudensSchulden, unit.id);
  std::vector<double> noise = Ar1Factors(debt_rng, defaulters.size(), 0.0, 0.015);
  std::vector<double> households;
  for (std::size_t i = 0; i < defaulters.size(); ++i) {
    households.push_back(std::round(defaulters[i] / kDefaultersPerHousehold * noise[i]));
  }
  if (unit.id == "lindewaard") ScaleFrom(defaulters, draft.IndexOf("2023-01"), 0.55, 3);
  draft.Put(kHuishoudensSchulden, unit.id, households);
  draft.Put(kWanbetalers, unit.id, Rounded(defaulters));
}

void RecordDebtEffects(WerkpleinDraft& draft) {
  draft.RecordEffect(MakeEffect(
      "level_shift", "pelt", kAanmeldingen, "eemwolde", "2022-04", "2022-04",
      "From 2022-04 applications for debt assistance rise 45% (early-warning outreach)."));
  draft.RecordEffect(MakeEffect(
      "outlier", "outlier", kAanmeldingen, "lindewaard", "2023-09", "2023-09",
      "The 2023-09 figure is 2.6 times the drawn count (a batch loaded twice and more)."));
  draft.RecordEffect(MakeEffect(
      "proxy_decoupling", "proxy_drift", kWanbetalers, "lindewaard", "2023-01", "2025-12",
      "From 2023-01 defaulters per indebted household fall from 0.42 to 0.23 within three "
      "months while household debt follows its old course."));
  draft.MarkTouched(kHuishoudensSchulden, "lindewaard");  // the pair, seen from the outcome
}

}  // namespace

void AddDebtSeries(WerkpleinDraft& draft) {
  const std::vector<SimulatedUnit>& units = WerkpleinUnits();
  for (std::size_t u = 0; u < units.size(); ++u) {
    AddEvictions(draft, units[u]);
    AddSettlements(draft, units[u], kSettlementSuccess[u]);
    AddIntake(draft, units[u]);
    AddDebtAndDefaulters(draft, units[u]);
  }
  RecordDebtEffects(draft);
}

}  // namespace kpiwatch::simulation
