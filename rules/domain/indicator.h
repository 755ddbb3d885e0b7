// Indicator: a catalogue entry, the declaration every observation must refer to.
//
// Declared by data stewards in a YAML catalogue or with PUT /v1/indicators/{id}.
// Observations for undeclared indicators are rejected.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "detectors/core/period.h"
#include "detectors/core/series.h"

namespace kpiwatch {

enum class Layer { kImpact, kActivity, kQuality };
const char* LayerName(Layer layer);
Result<Layer> ParseLayer(std::string_view text);

struct Indicator {
  std::string id;          // e.g. "werkplein.uitstroom_werk": [a-z0-9_.-], starts with a letter
  std::string name;        // human-readable
  std::string definition;  // what exactly is counted, required
  UnitKind unit = UnitKind::kCount;
  Direction direction = Direction::kHigherIsBetter;
  Cadence cadence = Cadence::kMonth;
  std::optional<Target> target;
  std::string owner_team;
  std::optional<Layer> layer;
  std::string numerator;    // id of the numerator indicator, if this is a ratio
  std::string denominator;  // id of the denominator indicator
  std::vector<std::string> counter_indicators;  // ids watched as counterparts
  std::string proxy_for;    // id of the outcome this indicator stands in for
  std::string source;       // source system / production process
  int definition_version = 1;
  // First period of each definition version after the first (version 2 starts at [0]).
  std::vector<Period> definition_changes;
  std::vector<std::string> labels;
  std::string owner_group;  // recipient group notified about this indicator's alerts

  // The subset detectors use.
  IndicatorInfo Info() const;
};

// Whether `id` is a valid indicator id; the reason when not.
std::optional<std::string> InvalidIndicatorIdReason(std::string_view id);

}  // namespace kpiwatch
