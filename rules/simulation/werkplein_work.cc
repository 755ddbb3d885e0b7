// Work and service indicators of the werkplein scenario, with their injected effects:
// a divergent counter-indicator (brakelo), too-smooth rates (aarveen), a shrinking
// denominator (dalstede), target hugging (eemwolde) and a stale series (holtmeer).
#include <cmath>

#include "rules/simulation/werkplein_draft.h"

namespace kpiwatch::simulation {
namespace {

using namespace werkplein;  // NOLINT: the ids of this scenario

// Fewer placements in the summer holidays and in December.
constexpr MonthlyProfile kOutflowProfile = {1.05, 1.00, 1.08, 1.02, 1.00, 0.97,
                                            0.88, 0.85, 1.08, 1.06, 1.03, 0.88};
constexpr double kOutflowPerMonth = 45.0;       // placements, average municipality
constexpr double kParticipants = 520.0;         // people in a programme, average municipality
constexpr int kCohortLag = 6;                   // months between placement and follow-up

// Share still at work after six months, and mean satisfaction mark, per unit (in
// WerkpleinUnits() order).
constexpr double kLastingShare[] = {0.64, 0.62, 0.63, 0.61, 0.65, 0.63};
constexpr double kSatisfaction[] = {7.25, 7.15, 7.30, 6.95, 7.20, 7.30};

std::vector<double> Slice(const std::vector<double>& values, std::size_t from, std::size_t count) {
  return {values.begin() + std::ptrdiff_t(from), values.begin() + std::ptrdiff_t(from + count)};
}

// Outflow to work and the share of each cohort still at work six months later. In
// brakelo, from 2024-01, placements rise 35% while the share still at work drops from
// 62% to 48% (short temporary jobs).
void AddOutflowAndLastingWork(WerkpleinDraft& draft, const SimulatedUnit& unit, double share) {
  const std::size_t months = draft.periods().size();
  const std::size_t divergence = draft.IndexOf("2024-01");
  const bool diverges = unit.id == "brakelo";

  // Outflow starts kCohortLag months early: the first cohorts of the follow-up.
  std::vector<Period> periods;
  for (int lag = kCohortLag; lag > 0; --lag) periods.push_back(draft.periods().front().Next(-lag));
  periods.insert(periods.end(), draft.periods().begin(), draft.periods().end());
  std::vector<double> expected =
      ExpectedMonthly(periods, kOutflowPerMonth * unit.size, kOutflowProfile, 0.01);
  if (diverges) ScaleFrom(expected, divergence + kCohortLag, 1.35);
  Rng outflow_rng = draft.RngFor(kUitstroomWerk, unit.id);
  std::vector<double> outflow = PoissonDraws(outflow_rng, expected);
  draft.Put(kUitstroomWerk, unit.id, Slice(outflow, kCohortLag, months));

  std::vector<double> cohort = Slice(outflow, 0, months);  // placed six months earlier
  std::vector<double> probability(months, share);
  if (diverges) ScaleFrom(probability, divergence, 0.48 / share);
  Rng lasting_rng = draft.RngFor(kDuurzaamWerk, unit.id);
  std::vector<double> lasting = BinomialPercent(lasting_rng, probability, cohort);
  if (unit.id == "aarveen") {
    std::vector<double> expected_percent;
    for (double p : probability) expected_percent.push_back(100.0 * p);
    ShrinkTowardExpected(lasting, expected_percent, draft.IndexOf("2022-01"), 0.15);
    for (double& value : lasting) value = RoundTo(value, 0.1);
  }
  draft.Put(kDuurzaamWerk, unit.id, lasting, cohort);
}

// People in a re-integration programme (a stock with slowly wandering noise) and the
// placement rate per 100 participants. In dalstede the programme admits fewer people
// from 2025-01 (-30% within three months) while placements stay as they were.
void AddProgramme(WerkpleinDraft& draft, const SimulatedUnit& unit,
                  const std::vector<double>& outflow) {
  std::vector<double> stock =
      ExpectedMonthly(draft.periods(), kParticipants * unit.size, kFlatProfile, 0.005);
  if (unit.id == "dalstede") ScaleFrom(stock, draft.IndexOf("2025-01"), 0.70, 3);
  Rng rng = draft.RngFor(kDeelnemersTraject, unit.id);
  std::vector<double> noise = Ar1Factors(rng, stock.size(), 0.8, 0.02);
  std::vector<double> rate;
  for (std::size_t i = 0; i < stock.size(); ++i) {
    stock[i] = std::round(stock[i] * noise[i]);
    rate.push_back(RoundTo(100.0 * outflow[i] / stock[i], 0.01));
  }
  draft.Put(kDeelnemersTraject, unit.id, stock);
  draft.Put(kPlaatsingsgraad, unit.id, rate, stock);
}

// Satisfaction marks: survey means with sampling noise (sd 0.22).
void AddSatisfaction(WerkpleinDraft& draft, const SimulatedUnit& unit, double mean) {
  Rng rng = draft.RngFor(kTevredenheid, unit.id);
  std::normal_distribution<double> noise(mean, 0.22);
  std::vector<double> marks;
  for (std::size_t i = 0; i < draft.periods().size(); ++i) marks.push_back(noise(rng));
  if (unit.id == "eemwolde") HugTarget(marks, draft.IndexOf("2021-01"), 7.0, 0.15, 0.35, rng);
  for (double& mark : marks) mark = RoundTo(mark, 0.01);
  draft.Put(kTevredenheid, unit.id, marks);
  if (unit.id == "holtmeer") {
    draft.StopReportingAfter(kTevredenheid, unit.id, draft.IndexOf("2025-04") + 1);
  }
}

void RecordWorkEffects(WerkpleinDraft& draft) {
  draft.RecordEffect(MakeEffect(
      "divergent_counter_indicator", "paired_divergence", kUitstroomWerk, "brakelo", "2024-01",
      "2025-12",
      "From 2024-01 outflow to work rises 35% while the share still at work after six "
      "months drops from 62% to 48%: placements in short temporary jobs."));
  draft.MarkTouched(kDuurzaamWerk, "brakelo");
  draft.MarkTouched(kPlaatsingsgraad, "brakelo");  // its numerator rose
  draft.RecordEffect(MakeEffect(
      "too_smooth_rate", "underdispersion", kDuurzaamWerk, "aarveen", "2022-01", "2025-12",
      "From 2022-01 the share still at work varies at 15% of the binomial variance its "
      "cohort sizes imply: a figure that is estimated or smoothed, not counted."));
  draft.RecordEffect(MakeEffect(
      "shrinking_denominator", "denominator_shift", kPlaatsingsgraad, "dalstede", "2025-01",
      "2025-12",
      "From 2025-01 the programme admits fewer people (participants -30% within three "
      "months) while placements stay flat, so the placement rate rises about 43%."));
  draft.MarkTouched(kDeelnemersTraject, "dalstede");
  draft.RecordEffect(MakeEffect(
      "target_hugging", "target_hugging", kTevredenheid, "eemwolde", "2021-01", "2025-12",
      "From the target's start (2021-01) marks below 7 are lifted into [7.00, 7.15] and "
      "marks above keep 35% of their distance to 7."));
  InjectedEffect stale = MakeEffect(
      "stale_series", "staleness", kTevredenheid, "holtmeer", "2025-05", "2025-12",
      "The survey stops after 2025-04: no satisfaction marks for the last eight months.");
  stale.other_detectors = {"gaps"};
  draft.RecordEffect(std::move(stale));
}

}  // namespace

void AddWorkSeries(WerkpleinDraft& draft) {
  const std::vector<SimulatedUnit>& units = WerkpleinUnits();
  for (std::size_t u = 0; u < units.size(); ++u) {
    AddOutflowAndLastingWork(draft, units[u], kLastingShare[u]);
    AddProgramme(draft, units[u], draft.series().at({kUitstroomWerk, units[u].id}).values);
    AddSatisfaction(draft, units[u], kSatisfaction[u]);
  }
  RecordWorkEffects(draft);
}

}  // namespace kpiwatch::simulation
