#include "rules/evaluation/indicator_rows.h"

#include <algorithm>

namespace kpiwatch {
namespace {

template <typename Row>
std::map<std::string, std::span<const Row>> GroupByIndicator(std::vector<Row>& rows) {
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return a.indicator < b.indicator; });
  std::map<std::string, std::span<const Row>> groups;
  for (std::size_t begin = 0; begin < rows.size();) {
    std::size_t end = begin;
    while (end < rows.size() && rows[end].indicator == rows[begin].indicator) ++end;
    groups[rows[begin].indicator] = std::span<const Row>(rows.data() + begin, end - begin);
    begin = end;
  }
  return groups;
}

}  // namespace

IndicatorRows::IndicatorRows(const DetectorData& data)
    : observations_(data.observations.begin(), data.observations.end()),
      samples_(data.samples.begin(), data.samples.end()) {
  observations_of_ = GroupByIndicator(observations_);
  samples_of_ = GroupByIndicator(samples_);
  if (data.catalogue == nullptr) return;
  for (const auto& [id, indicator] : data.catalogue->indicators()) {
    std::vector<std::string> others = indicator.counter_indicators;
    for (const std::string* other : {&indicator.proxy_for, &indicator.numerator, &indicator.denominator}) {
      if (!other->empty()) others.push_back(*other);
    }
    if (others.empty()) continue;
    related_.insert(id);
    related_.insert(others.begin(), others.end());
  }
}

DetectorData IndicatorRows::For(const DetectorData& data, const std::string& indicator) const {
  if (related_.count(indicator) > 0) return data;
  DetectorData narrowed = data;
  auto observations = observations_of_.find(indicator);
  narrowed.observations = observations == observations_of_.end() ? std::span<const Observation>()
                                                                  : observations->second;
  auto samples = samples_of_.find(indicator);
  narrowed.samples = samples == samples_of_.end() ? std::span<const Sample>() : samples->second;
  return narrowed;
}

}  // namespace kpiwatch
