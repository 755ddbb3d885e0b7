// Fraud recovered in the werkplein scenario: one sample per recovered claim, the monthly
// series is their sum. Injected: a December push in aarveen in the last year (2025-12;
// the January dip that usually follows lies after the scenario) and invented round
// amounts in holtmeer from 2022-01.
#include <cmath>

#include "rules/simulation/werkplein_draft.h"

namespace kpiwatch::simulation {
namespace {

using namespace werkplein;  // NOLINT: the ids of this scenario

constexpr double kClaimsPerMonth = 50.0;     // recovered claims, average municipality
constexpr double kMedianClaim = 500.0;       // euros
constexpr double kClaimLogSd = 1.1;          // log-normal spread: spans orders of magnitude
constexpr double kDecemberPush = 3.0;        // aarveen 2025-12: three times the claims
constexpr double kInventedShare = 0.6;       // holtmeer from 2022-01

// One month of recovered claims, in whole euros (at least 1).
std::vector<double> DrawClaims(Rng& rng, long count) {
  std::lognormal_distribution<double> amount(std::log(kMedianClaim), kClaimLogSd);
  std::vector<double> claims;
  for (long i = 0; i < count; ++i) claims.push_back(std::max(1.0, std::round(amount(rng))));
  return claims;
}

void AddFraudUnit(WerkpleinDraft& draft, const SimulatedUnit& unit) {
  std::vector<double> expected =
      ExpectedMonthly(draft.periods(), kClaimsPerMonth * unit.size, kFlatProfile, 0.0);
  if (unit.id == "aarveen") ScaleAt(expected, draft.IndexOf("2025-12"), kDecemberPush);
  Rng rng = draft.RngFor(kFraudeTeruggevorderd, unit.id);
  std::vector<double> counts = PoissonDraws(rng, expected);
  const std::size_t invented_from = draft.IndexOf("2022-01");
  std::vector<double> totals;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    std::vector<double> claims = DrawClaims(rng, std::lround(counts[i]));
    if (unit.id == "holtmeer" && i >= invented_from) {
      InventRoundAmounts(claims, kInventedShare, 1000.0, 9999.0, 50.0, rng);
    }
    double total = 0.0;
    for (double claim : claims) {
      draft.AddSample(kFraudeTeruggevorderd, unit.id, i, claim);
      total += claim;
    }
    totals.push_back(total);
  }
  draft.Put(kFraudeTeruggevorderd, unit.id, totals);
}

}  // namespace

void AddFraudSeries(WerkpleinDraft& draft) {
  for (const SimulatedUnit& unit : WerkpleinUnits()) AddFraudUnit(draft, unit);
  draft.RecordEffect(MakeEffect(
      "december_spike", "period_end_spike", kFraudeTeruggevorderd, "aarveen", "2025-12",
      "2025-12",
      "In 2025-12 three times the usual number of claims is recovered: recoveries pulled "
      "forward to meet the annual target."));
  InjectedEffect invented = MakeEffect(
      "invented_amounts", "benford", kFraudeTeruggevorderd, "holtmeer", "2022-01", "2025-12",
      "From 2022-01 60% of the recovered claims are invented round amounts, uniform in "
      "[1000, 9999] euros and multiples of 50 (first digits uniform, last digits 0 and 5).");
  invented.other_detectors = {"last_digit"};
  draft.RecordEffect(std::move(invented));
}

}  // namespace kpiwatch::simulation
