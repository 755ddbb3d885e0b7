#include "rules/simulation/werkplein_catalogue.h"

namespace kpiwatch::simulation {
namespace {

using namespace werkplein;  // NOLINT: the ids of this scenario

Period Month(const char* text) { return Period::Parse(text, Cadence::kMonth).value(); }

// The fields every monthly indicator of the scenario shares.
Indicator Monthly(std::string id, std::string name, std::string definition, UnitKind unit,
                  Direction direction, Layer layer, std::string team, std::string source) {
  Indicator indicator;
  indicator.id = std::move(id);
  indicator.name = std::move(name);
  indicator.definition = std::move(definition);
  indicator.unit = unit;
  indicator.direction = direction;
  indicator.cadence = Cadence::kMonth;
  indicator.layer = layer;
  indicator.owner_team = std::move(team);
  indicator.owner_group = "controllers-" + indicator.owner_team;
  indicator.source = std::move(source);
  return indicator;
}

std::vector<Indicator> WorkIndicators() {
  Indicator outflow = Monthly(
      kUitstroomWerk, "Uitstroom naar werk",
      "Number of people whose social assistance benefit (Participatiewet) ended this month "
      "because they started paid work.",
      UnitKind::kCount, Direction::kHigherIsBetter, Layer::kImpact, "werk", "Suite4Sociaal");
  outflow.counter_indicators = {kDuurzaamWerk};
  outflow.labels = {"participatiewet", "werk"};

  Indicator lasting = Monthly(
      kDuurzaamWerk, "Duurzaam aan het werk na 6 maanden",
      "Percentage of the people who left the benefit for paid work six months earlier who "
      "are still in paid work and off benefits this month; n is the size of that cohort.",
      UnitKind::kPercent, Direction::kHigherIsBetter, Layer::kQuality, "werk", "Suite4Sociaal");
  lasting.target = Target{60.0, Comparator::kAtLeast, Month("2020-01")};
  lasting.labels = {"participatiewet", "werk"};

  Indicator participants = Monthly(
      kDeelnemersTraject, "Deelnemers re-integratietraject",
      "Number of people in a re-integration programme on the last day of the month.",
      UnitKind::kCount, Direction::kHigherIsBetter, Layer::kActivity, "werk", "Suite4Sociaal");
  participants.labels = {"participatiewet", "werk"};

  Indicator placement_rate = Monthly(
      kPlaatsingsgraad, "Plaatsingsgraad",
      "Placements into paid work this month per 100 participants in a re-integration "
      "programme; n is the number of participants.",
      UnitKind::kPercent, Direction::kHigherIsBetter, Layer::kImpact, "werk", "Suite4Sociaal");
  placement_rate.numerator = kUitstroomWerk;
  placement_rate.denominator = kDeelnemersTraject;
  placement_rate.labels = {"participatiewet", "werk"};

  Indicator satisfaction = Monthly(
      kTevredenheid, "Klanttevredenheid",
      "Average mark (1 to 10) that citizens gave the service in the continuous customer "
      "satisfaction survey this month.",
      UnitKind::kScore, Direction::kHigherIsBetter, Layer::kQuality, "klant", "KTO-panel");
  satisfaction.target = Target{7.0, Comparator::kAtLeast, Month("2021-01")};
  satisfaction.labels = {"dienstverlening"};

  Indicator processing = Monthly(
      kDoorlooptijd, "Doorlooptijd aanvraag levensonderhoud",
      "Average number of days from an application for social assistance to the decision, "
      "over the applications decided this month; the samples hold each application's days. "
      "The law allows eight weeks (56 days) per application.",
      UnitKind::kDuration, Direction::kLowerIsBetter, Layer::kQuality, "klant", "Suite4Sociaal");
  processing.target = Target{56.0, Comparator::kAtMost, Month("2021-01")};
  processing.labels = {"participatiewet", "dienstverlening"};

  return {outflow, lasting, participants, placement_rate, satisfaction, processing};
}

std::vector<Indicator> DebtIndicators() {
  Indicator evictions = Monthly(
      kHuisuitzettingen, "Huisuitzettingen wegens huurachterstand",
      "Number of households evicted this month because of rent arrears. The target of at "
      "most 10 a year is stated per month as 0.83.",
      UnitKind::kCount, Direction::kLowerIsBetter, Layer::kImpact, "wonen",
      "woningcorporaties");
  evictions.target = Target{0.83, Comparator::kAtMost, Month("2019-01")};
  evictions.labels = {"armoede", "wonen"};

  Indicator settlements = Monthly(
      kMinnelijkSucces, "Slagingspercentage minnelijke schuldregeling",
      "Percentage of amicable debt settlements closed this month in which all creditors "
      "agreed; n is the number of settlement attempts closed.",
      UnitKind::kPercent, Direction::kHigherIsBetter, Layer::kQuality, "schuldhulp",
      "Allegro");
  settlements.target = Target{95.0, Comparator::kAtLeast, Month("2021-01")};
  settlements.labels = {"schuldhulp"};

  Indicator intake = Monthly(
      kAanmeldingen, "Aanmeldingen schuldhulpverlening",
      "Number of households that applied for debt assistance this month.", UnitKind::kCount,
      Direction::kLowerIsBetter, Layer::kActivity, "schuldhulp", "Allegro");
  intake.labels = {"schuldhulp"};

  Indicator households = Monthly(
      kHuishoudensSchulden, "Huishoudens met problematische schulden",
      "Estimated number of households with problematic debts at the end of the month, from "
      "the municipal debt monitor.",
      UnitKind::kCount, Direction::kLowerIsBetter, Layer::kImpact, "schuldhulp",
      "schuldenmonitor");
  households.labels = {"schuldhulp", "armoede"};

  Indicator defaulters = Monthly(
      kWanbetalers, "Wanbetalers zorgverzekering",
      "Number of residents registered as health-insurance defaulters (six months or more "
      "of unpaid premium) at the end of the month.",
      UnitKind::kCount, Direction::kLowerIsBetter, Layer::kActivity, "schuldhulp", "CAK");
  defaulters.proxy_for = kHuishoudensSchulden;
  defaulters.labels = {"schuldhulp", "vroegsignalering"};

  Indicator fraud = Monthly(
      kFraudeTeruggevorderd, "Teruggevorderd bij fraude",
      "Amount in euros recovered this month from benefits paid unlawfully because of fraud. "
      "The organisation's target is EUR 4 million a year over all municipalities.",
      UnitKind::kAmount, Direction::kHigherIsBetter, Layer::kActivity, "handhaving",
      "Suite4Sociaal");
  fraud.counter_indicators = {kAanmeldingen};
  fraud.labels = {"handhaving"};

  return {evictions, settlements, intake, households, defaulters, fraud};
}

}  // namespace

const std::vector<SimulatedUnit>& WerkpleinUnits() {
  static const std::vector<SimulatedUnit> units = {
      {"aarveen", 1.6}, {"brakelo", 1.0},  {"dalstede", 0.8},
      {"eemwolde", 1.2}, {"holtmeer", 0.7}, {"lindewaard", 1.0},
  };
  return units;
}

std::vector<Indicator> WerkpleinIndicators() {
  std::vector<Indicator> indicators = WorkIndicators();
  for (Indicator& indicator : DebtIndicators()) indicators.push_back(std::move(indicator));
  return indicators;
}

}  // namespace kpiwatch::simulation
