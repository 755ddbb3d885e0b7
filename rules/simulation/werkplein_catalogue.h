// The "werkplein" scenario's definition tables: its units (fictitious municipalities of
// a Dutch regional social-domain organisation), their sizes, and its indicator catalogue.
#pragma once

#include <string>
#include <vector>

#include "rules/domain/indicator.h"

namespace kpiwatch::simulation {

// Indicator ids of the scenario, so the generator and its tests share one spelling.
namespace werkplein {
inline constexpr char kUitstroomWerk[] = "werkplein.uitstroom_werk";
inline constexpr char kDuurzaamWerk[] = "werkplein.duurzaam_werk_6m";
inline constexpr char kDeelnemersTraject[] = "werkplein.deelnemers_traject";
inline constexpr char kPlaatsingsgraad[] = "werkplein.plaatsingsgraad";
inline constexpr char kTevredenheid[] = "werkplein.tevredenheid";
inline constexpr char kDoorlooptijd[] = "werkplein.doorlooptijd_aanvraag";
inline constexpr char kHuisuitzettingen[] = "werkplein.huisuitzettingen";
inline constexpr char kMinnelijkSucces[] = "schuldhulp.minnelijk_succes";
inline constexpr char kAanmeldingen[] = "schuldhulp.aanmeldingen";
inline constexpr char kHuishoudensSchulden[] = "schuldhulp.huishoudens_schulden";
inline constexpr char kWanbetalers[] = "zorgverzekering.wanbetalers";
inline constexpr char kFraudeTeruggevorderd[] = "handhaving.fraude_teruggevorderd";
}  // namespace werkplein

// A municipality of the scenario: its id and its size relative to an average one
// (every expected count and stock is multiplied by it).
struct SimulatedUnit {
  std::string id;
  double size = 1.0;
};

// The six municipalities, in a fixed order.
const std::vector<SimulatedUnit>& WerkpleinUnits();

// The catalogue entries of the scenario, with definitions, targets and relations.
std::vector<Indicator> WerkpleinIndicators();

}  // namespace kpiwatch::simulation
