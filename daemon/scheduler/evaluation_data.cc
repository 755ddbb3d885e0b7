#include "daemon/scheduler/evaluation_data.h"

namespace kpiwatch::daemon {

std::set<std::string> WithRelatedIndicators(const Catalogue& catalogue, const std::set<std::string>& indicators) {
  std::set<std::string> related = indicators;
  auto add = [&](const std::string& id) {
    if (!id.empty() && catalogue.Find(id) != nullptr) related.insert(id);
  };
  for (const auto& [id, indicator] : catalogue.indicators()) {
    bool selected = indicators.count(id) > 0;
    if (selected) {
      for (const std::string& counter : indicator.counter_indicators) add(counter);
      add(indicator.proxy_for);
      add(indicator.numerator);
      add(indicator.denominator);
    }
    // Relations declared on the other side: counter-indicator pairs and proxies.
    for (const std::string& counter : indicator.counter_indicators) {
      if (indicators.count(counter) > 0) add(id);
    }
    if (indicators.count(indicator.proxy_for) > 0) add(id);
  }
  return related;
}

Result<EvaluationData> LoadEvaluationData(const store::ObservationStore& observations,
                                          const std::set<std::string>& indicators) {
  EvaluationData data;
  for (const std::string& indicator : indicators) {
    Result<std::vector<std::string>> units = observations.ListUnits(indicator);
    if (!units.ok()) return units.status();
    for (const std::string& unit : *units) {
      Result<std::vector<store::SeriesPoint>> series = observations.ReadSeries(indicator, unit);
      if (!series.ok()) return series.status();
      for (const store::SeriesPoint& point : *series) {
        Observation row;
        row.indicator = indicator;
        row.unit = unit;
        row.period = point.period;
        row.value = point.point.value;
        row.n = point.point.n;
        row.reported_at = std::chrono::sys_seconds(std::chrono::seconds(point.point.reported_at));
        row.source = point.point.source;
        data.observations.push_back(std::move(row));
      }
    }
    Result<std::vector<store::RevisionRecord>> revisions = observations.ReadRevisions(indicator);
    if (!revisions.ok()) return revisions.status();
    for (const store::RevisionRecord& record : *revisions) {
      Revision revision;
      revision.indicator = indicator;
      revision.unit = record.unit;
      revision.period = record.period;
      revision.old_value = record.revision.replaced.value;
      revision.new_value = record.revision.new_value;
      revision.revised_at = std::chrono::sys_seconds(std::chrono::seconds(record.revision.replaced_at));
      revision.old_reported_at = std::chrono::sys_seconds(std::chrono::seconds(record.revision.replaced.reported_at));
      data.revisions.push_back(revision);
    }
  }
  return data;
}

Result<std::vector<TouchedSeries>> AllSeries(const store::ObservationStore& observations,
                                             const Catalogue& catalogue) {
  std::vector<TouchedSeries> series;
  for (const auto& [id, indicator] : catalogue.indicators()) {
    Result<std::vector<std::string>> units = observations.ListUnits(id);
    if (!units.ok()) return units.status();
    for (const std::string& unit : *units) series.push_back({id, unit});
  }
  return series;
}

}  // namespace kpiwatch::daemon
