// Loading what rule evaluation reads from the store.
//
// The scheduler and the backtest endpoint both turn stored points and revisions into the
// plain rules-layer values (Observation, Revision) that BuildDetectorInput, EvaluateRound
// and RunBacktest take.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "daemon/store/observation_store.h"
#include "detectors/core/series.h"
#include "rules/domain/catalogue.h"
#include "rules/domain/observation.h"
#include "rules/evaluation/evaluator.h"

namespace kpiwatch::daemon {

struct EvaluationData {
  std::vector<Observation> observations;  // every unit of the loaded indicators
  std::vector<Revision> revisions;        // of the loaded indicators
};

// The indicators in `indicators` and every indicator related to one of them in the
// catalogue (counter-indicators in either direction, proxy_for, the proxies of it,
// numerator and denominator).
std::set<std::string> WithRelatedIndicators(const Catalogue& catalogue, const std::set<std::string>& indicators);

// Every stored point (all units) and revision of `indicators`.
Result<EvaluationData> LoadEvaluationData(const store::ObservationStore& observations,
                                          const std::set<std::string>& indicators);

// Every stored series of the catalogue's indicators.
Result<std::vector<TouchedSeries>> AllSeries(const store::ObservationStore& observations,
                                             const Catalogue& catalogue);

}  // namespace kpiwatch::daemon
