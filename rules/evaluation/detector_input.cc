#include "rules/evaluation/detector_input.h"

#include <algorithm>
#include <set>

namespace kpiwatch {
namespace {

// The indicators related to `indicator`, each with its relation, without duplicates.
std::vector<std::pair<Relation, const Indicator*>> RelatedIndicators(const Catalogue& catalogue,
                                                                     const Indicator& indicator) {
  std::vector<std::pair<Relation, const Indicator*>> related;
  std::set<std::pair<Relation, std::string>> seen;
  auto add = [&](Relation relation, const std::string& id) {
    const Indicator* other = catalogue.Find(id);
    if (other == nullptr || id == indicator.id) return;
    if (seen.insert({relation, id}).second) related.emplace_back(relation, other);
  };
  for (const std::string& id : indicator.counter_indicators) add(Relation::kCounterIndicator, id);
  if (!indicator.proxy_for.empty()) add(Relation::kOutcome, indicator.proxy_for);
  if (!indicator.numerator.empty()) add(Relation::kNumerator, indicator.numerator);
  if (!indicator.denominator.empty()) add(Relation::kDenominator, indicator.denominator);
  for (const auto& [id, other] : catalogue.indicators()) {
    const auto& counters = other.counter_indicators;
    if (std::find(counters.begin(), counters.end(), indicator.id) != counters.end()) {
      add(Relation::kCounterIndicator, id);
    }
    if (other.proxy_for == indicator.id) add(Relation::kProxy, id);
  }
  return related;
}

Status AddRelatedSeries(const SeriesIndex& index, const Indicator& indicator, const std::string& unit,
                        DetectorInput& input) {
  for (const auto& [relation, other] : RelatedIndicators(*index.data().catalogue, indicator)) {
    if (std::optional<Status> wrong = index.WrongCadence(other->id, &unit)) return *wrong;
    const Series* series = index.Find(other->id, unit);
    if (series == nullptr) continue;
    input.related.push_back({relation, other->Info(), *series});
  }
  return Status::Ok();
}

}  // namespace

std::vector<std::string> UnitsOf(std::span<const Observation> observations,
                                 const std::string& indicator) {
  std::set<std::string> units;
  for (const Observation& row : observations) {
    if (row.indicator == indicator) units.insert(row.unit);
  }
  return {units.begin(), units.end()};
}

Result<DetectorInput> BuildDetectorInput(const DetectorData& data, const std::string& indicator,
                                         const std::string& unit, const DetectorInfo& detector) {
  if (data.catalogue == nullptr) return Status::InvalidArgument("no indicator catalogue given");
  std::set<std::string> needed = {indicator};
  if (const Indicator* declared = data.catalogue->Find(indicator)) {
    for (const auto& [relation, other] : RelatedIndicators(*data.catalogue, *declared)) needed.insert(other->id);
  }
  return BuildDetectorInput(SeriesIndex(data, &needed), indicator, unit, detector);
}

Result<DetectorInput> BuildDetectorInput(const SeriesIndex& index, const std::string& indicator,
                                         const std::string& unit, const DetectorInfo& detector) {
  const DetectorData& data = index.data();
  if (data.catalogue == nullptr) return Status::InvalidArgument("no indicator catalogue given");
  const Indicator* declared = data.catalogue->Find(indicator);
  if (declared == nullptr) {
    return Status::NotFound("indicator '" + indicator + "' is not declared in the catalogue");
  }
  bool cross_section = unit.empty();
  if (cross_section && detector.shape != InputShape::kCrossSection) {
    return Status::InvalidArgument("detector '" + detector.name + "' (input " +
                                   InputShapeName(detector.shape) +
                                   ") needs one series: give a unit");
  }

  DetectorInput input;
  input.indicator = declared->Info();
  input.as_of = data.as_of;
  input.samples = index.Samples(indicator, unit);
  if (std::optional<Status> wrong = index.WrongCadence(indicator)) return *wrong;
  input.peers = index.Units(indicator);
  if (cross_section) {
    input.series.indicator = indicator;
    return input;
  }

  const Series* series = index.Find(indicator, unit);
  if (series == nullptr) {
    return Status::NotFound("no observations of '" + indicator + "' for unit '" + unit + "'");
  }
  input.series = *series;
  if (Status status = AddRelatedSeries(index, *declared, unit, input); !status.ok()) return status;
  input.revisions = index.Revisions(indicator, unit);
  return input;
}

}  // namespace kpiwatch
