// Processing time of applications for social assistance in the werkplein scenario: one
// sample per decided application (days, to one decimal), the monthly series is their
// mean. Injected: bunching just under the 56-day legal term in dalstede from 2021-01.
#include <cmath>

#include "rules/simulation/werkplein_draft.h"

namespace kpiwatch::simulation {
namespace {

using namespace werkplein;  // NOLINT: the ids of this scenario

constexpr double kDecisionsPerMonth = 30.0;  // applications decided, average municipality
constexpr double kGammaShape = 6.0;          // days ~ Gamma(6, 6): mean 36, about 8% > 56
constexpr double kGammaScale = 6.0;
constexpr double kLegalTerm = 56.0;          // eight weeks
constexpr double kLateWindow = 24.0;         // applications up to 80 days may be rushed
constexpr double kRushedShare = 0.7;

void AddProcessingUnit(WerkpleinDraft& draft, const SimulatedUnit& unit) {
  Rng rng = draft.RngFor(kDoorlooptijd, unit.id);
  std::vector<double> counts = PoissonDraws(
      rng, ExpectedMonthly(draft.periods(), kDecisionsPerMonth * unit.size, kFlatProfile, 0.0));
  std::gamma_distribution<double> days(kGammaShape, kGammaScale);
  const bool bunches = unit.id == "dalstede";
  const std::size_t target_start = draft.IndexOf("2021-01");
  std::vector<double> means;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    std::vector<double> decided;
    for (long k = 0; k < std::lround(counts[i]); ++k) decided.push_back(days(rng));
    if (bunches && i >= target_start) {
      MoveIntoBand(decided, kLegalTerm, kLegalTerm + kLateWindow, kLegalTerm - 3.0, kLegalTerm,
                   kRushedShare, rng);
    }
    double sum = 0.0;
    for (double& value : decided) {
      value = RoundTo(value, 0.1);
      draft.AddSample(kDoorlooptijd, unit.id, i, value);
      sum += value;
    }
    means.push_back(decided.empty() ? 0.0 : RoundTo(sum / double(decided.size()), 0.1));
  }
  draft.Put(kDoorlooptijd, unit.id, means);
}

}  // namespace

void AddProcessingTimeSeries(WerkpleinDraft& draft) {
  for (const SimulatedUnit& unit : WerkpleinUnits()) AddProcessingUnit(draft, unit);
  draft.RecordEffect(MakeEffect(
      "bunching", "threshold_bunching", kDoorlooptijd, "dalstede", "2021-01", "2025-12",
      "From 2021-01, when the 56-day target starts, 70% of the applications that would take "
      "56 to 80 days are decided in the last three days before the term (53 to 56 days)."));
}

}  // namespace kpiwatch::simulation
