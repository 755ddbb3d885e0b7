#include "rules/evaluation/detector_input.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>

namespace kpiwatch {
namespace {

using RowsByPeriod = std::map<Period, const Observation*>;

Status WrongCadence(const Observation& row, const Indicator& indicator) {
  return Status::InvalidArgument("observation of '" + indicator.id + "' for unit '" + row.unit +
                                 "' has period " + row.period.ToString() + " of cadence " +
                                 CadenceName(row.period.cadence()) + ", but the indicator's " +
                                 "cadence is " + CadenceName(indicator.cadence));
}

// A series from its rows by period. Denominators stay empty when no row has an n.
Series SeriesFromRows(const std::string& indicator, const std::string& unit, const RowsByPeriod& rows) {
  Series series;
  series.indicator = indicator;
  series.unit = unit;
  bool any_denominator = false;
  for (const auto& [period, row] : rows) {
    series.periods.push_back(period);
    series.values.push_back(row->value);
    series.denominators.push_back(row->n.value_or(std::numeric_limits<double>::quiet_NaN()));
    any_denominator = any_denominator || row->n.has_value();
  }
  if (!any_denominator) series.denominators.clear();
  return series;
}

// The observations of (indicator, unit) in period order; a later row for the same
// period replaces an earlier one.
Result<Series> CollectSeries(std::span<const Observation> rows, const Indicator& indicator,
                             const std::string& unit) {
  RowsByPeriod by_period;
  for (const Observation& row : rows) {
    if (row.indicator != indicator.id || row.unit != unit) continue;
    if (row.period.cadence() != indicator.cadence) return WrongCadence(row, indicator);
    by_period[row.period] = &row;
  }
  return SeriesFromRows(indicator.id, unit, by_period);
}

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

Status AddRelatedSeries(const DetectorData& data, const Indicator& indicator,
                        const std::string& unit, DetectorInput& input) {
  for (const auto& [relation, other] : RelatedIndicators(*data.catalogue, indicator)) {
    Result<Series> series = CollectSeries(data.observations, *other, unit);
    if (!series.ok()) return series.status();
    if (series->size() == 0) continue;
    input.related.push_back({relation, other->Info(), std::move(series).value()});
  }
  return Status::Ok();
}

// One pass over the rows: every unit's series, sorted by unit.
Status AddPeers(const DetectorData& data, const Indicator& indicator, DetectorInput& input) {
  std::map<std::string, RowsByPeriod> by_unit;
  for (const Observation& row : data.observations) {
    if (row.indicator != indicator.id) continue;
    if (row.period.cadence() != indicator.cadence) return WrongCadence(row, indicator);
    by_unit[row.unit][row.period] = &row;
  }
  for (const auto& [unit, rows] : by_unit) input.peers.push_back(SeriesFromRows(indicator.id, unit, rows));
  return Status::Ok();
}

// Sample values of the indicator (of `unit`, or of every unit when `unit` is empty),
// in period order.
std::vector<double> CollectSamples(std::span<const Sample> samples, const std::string& indicator,
                                   const std::string& unit) {
  std::vector<const Sample*> selected;
  for (const Sample& sample : samples) {
    if (sample.indicator == indicator && (unit.empty() || sample.unit == unit)) {
      selected.push_back(&sample);
    }
  }
  std::stable_sort(selected.begin(), selected.end(),
                   [](const Sample* a, const Sample* b) { return a->period < b->period; });
  std::vector<double> values;
  values.reserve(selected.size());
  for (const Sample* sample : selected) values.push_back(sample->value);
  return values;
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
  input.samples = CollectSamples(data.samples, indicator, unit);
  if (Status status = AddPeers(data, *declared, input); !status.ok()) return status;
  if (cross_section) {
    input.series.indicator = indicator;
    return input;
  }

  Result<Series> series = CollectSeries(data.observations, *declared, unit);
  if (!series.ok()) return series.status();
  if (series->size() == 0) {
    return Status::NotFound("no observations of '" + indicator + "' for unit '" + unit + "'");
  }
  input.series = std::move(series).value();
  if (Status status = AddRelatedSeries(data, *declared, unit, input); !status.ok()) return status;
  for (const Revision& revision : data.revisions) {
    bool of_indicator = revision.indicator.empty() || revision.indicator == indicator;
    if (of_indicator && revision.unit == unit) input.revisions.push_back(revision);
  }
  return input;
}

}  // namespace kpiwatch
