#include "rules/evaluation/series_index.h"

#include <algorithm>
#include <iterator>
#include <limits>
#include <span>
#include <tuple>

namespace kpiwatch {
namespace {

Status WrongCadenceError(const Observation& row, const Indicator& indicator) {
  return Status::InvalidArgument("observation of '" + indicator.id + "' for unit '" + row.unit +
                                 "' has period " + row.period.ToString() + " of cadence " +
                                 CadenceName(row.period.cadence()) + ", but the indicator's " +
                                 "cadence is " + CadenceName(indicator.cadence));
}

bool SameSlot(const Observation* a, const Observation* b) { return a->unit == b->unit && a->period == b->period; }

// Rows of one indicator and cadence -> one series per unit, sorted by unit then period.
// `rows` is stably sorted by (unit, period), so of a run of rows for one period the last
// is the latest in input order: it wins.
std::vector<Series> UnitSeries(const std::string& indicator, std::vector<const Observation*>& rows) {
  std::stable_sort(rows.begin(), rows.end(), [](const Observation* a, const Observation* b) {
    return std::tie(a->unit, a->period) < std::tie(b->unit, b->period);
  });
  std::vector<Series> units;
  std::vector<bool> any_denominator;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i + 1 < rows.size() && SameSlot(rows[i], rows[i + 1])) continue;  // a later row wins
    const Observation& row = *rows[i];
    if (units.empty() || units.back().unit != row.unit) {
      units.emplace_back();
      units.back().indicator = indicator;
      units.back().unit = row.unit;
      any_denominator.push_back(false);
    }
    Series& series = units.back();
    series.periods.push_back(row.period);
    series.values.push_back(row.value);
    series.denominators.push_back(row.n.value_or(std::numeric_limits<double>::quiet_NaN()));
    any_denominator.back() = any_denominator.back() || row.n.has_value();
  }
  for (std::size_t u = 0; u < units.size(); ++u) {
    if (!any_denominator[u]) units[u].denominators.clear();  // no row has an n
  }
  return units;
}

}  // namespace

SeriesIndex::SeriesIndex(const DetectorData& data, const std::set<std::string>* only) : data_(data) {
  if (data.catalogue == nullptr) return;
  auto wanted = [&](const std::string& indicator) { return only == nullptr || only->count(indicator) > 0; };
  std::map<std::string, std::vector<const Observation*>> rows_of;
  for (const Observation& row : data.observations) {
    if (wanted(row.indicator)) rows_of[row.indicator].push_back(&row);
  }
  for (auto& [id, rows] : rows_of) {
    const Indicator* declared = data.catalogue->Find(id);
    if (declared == nullptr) continue;
    IndicatorSeries& entry = indicators_[id];
    std::vector<const Observation*> of_cadence;
    of_cadence.reserve(rows.size());
    for (const Observation* row : rows) {  // input order: the first wrong row is the one named
      if (row->period.cadence() == declared->cadence) {
        of_cadence.push_back(row);
        continue;
      }
      if (!entry.wrong_cadence) entry.wrong_cadence = WrongCadenceError(*row, *declared);
      entry.unit_wrong_cadence.emplace(row->unit, WrongCadenceError(*row, *declared));
    }
    std::vector<Series> units = UnitSeries(id, of_cadence);
    for (std::size_t u = 0; u < units.size(); ++u) entry.position[units[u].unit] = u;
    entry.units = PeerList(std::move(units));
  }
  for (const Sample& sample : data.samples) {
    if (wanted(sample.indicator)) samples_[sample.indicator].push_back(&sample);
  }
  for (auto& [id, samples] : samples_) {
    std::stable_sort(samples.begin(), samples.end(),
                     [](const Sample* a, const Sample* b) { return a->period < b->period; });
  }
  for (std::size_t i = 0; i < data.revisions.size(); ++i) {
    const Revision& revision = data.revisions[i];
    if (revision.indicator.empty() || wanted(revision.indicator)) {
      revisions_[{revision.indicator, revision.unit}].push_back(i);
    }
  }
}

const SeriesIndex::IndicatorSeries* SeriesIndex::Of(const std::string& indicator) const {
  auto found = indicators_.find(indicator);
  return found == indicators_.end() ? nullptr : &found->second;
}

const Series* SeriesIndex::Find(const std::string& indicator, const std::string& unit) const {
  const IndicatorSeries* entry = Of(indicator);
  if (entry == nullptr) return nullptr;
  auto position = entry->position.find(unit);
  return position == entry->position.end() ? nullptr : &entry->units[position->second];
}

PeerList SeriesIndex::Units(const std::string& indicator) const {
  const IndicatorSeries* entry = Of(indicator);
  return entry == nullptr ? PeerList() : entry->units;
}

std::optional<Status> SeriesIndex::WrongCadence(const std::string& indicator, const std::string* unit) const {
  const IndicatorSeries* entry = Of(indicator);
  if (entry == nullptr) return std::nullopt;
  if (unit == nullptr) return entry->wrong_cadence;
  auto found = entry->unit_wrong_cadence.find(*unit);
  if (found == entry->unit_wrong_cadence.end()) return std::nullopt;
  return found->second;
}

std::vector<double> SeriesIndex::Samples(const std::string& indicator, const std::string& unit) const {
  std::vector<double> values;
  auto found = samples_.find(indicator);
  if (found == samples_.end()) return values;
  for (const Sample* sample : found->second) {
    if (unit.empty() || sample->unit == unit) values.push_back(sample->value);
  }
  return values;
}

std::vector<Revision> SeriesIndex::Revisions(const std::string& indicator, const std::string& unit) const {
  auto positions = [&](const std::string& named) {
    auto found = revisions_.find({named, unit});
    return found == revisions_.end() ? std::span<const std::size_t>() : std::span<const std::size_t>(found->second);
  };
  const std::span<const std::size_t> of_indicator = positions(indicator);
  const std::span<const std::size_t> unnamed = positions("");
  std::vector<std::size_t> merged;
  merged.reserve(of_indicator.size() + unnamed.size());
  std::merge(of_indicator.begin(), of_indicator.end(), unnamed.begin(), unnamed.end(), std::back_inserter(merged));
  std::vector<Revision> revisions;
  revisions.reserve(merged.size());
  for (std::size_t i : merged) revisions.push_back(data_.revisions[i]);
  return revisions;
}

}  // namespace kpiwatch
