// What rule evaluation reads: the catalogue plus the rows of a round, as plain spans.
#pragma once

#include <chrono>
#include <optional>
#include <span>

#include "detectors/core/series.h"
#include "rules/domain/catalogue.h"
#include "rules/domain/observation.h"
#include "rules/domain/sample.h"

namespace kpiwatch {

// What a DetectorInput is built from. Nothing is owned: the spans and the catalogue
// must outlive the call. The rows may hold any indicators and units, in any order;
// rows of other indicators and units are ignored.
struct DetectorData {
  const Catalogue* catalogue = nullptr;  // required
  std::span<const Observation> observations;
  std::span<const Sample> samples;       // event-level values, may be empty
  std::span<const Revision> revisions;   // restatements (Revision::indicator empty = of the indicator under test)
  std::optional<std::chrono::sys_seconds> as_of;  // "now", for clock-based detectors
};

}  // namespace kpiwatch
