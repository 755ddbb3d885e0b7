#include "detectors/gaming/inputs.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace kpiwatch::gaming {
namespace {

void AppendFinite(const std::vector<double>& from, std::vector<double>& to) {
  for (double v : from) {
    if (std::isfinite(v)) to.push_back(v);
  }
}

SelectedValues PeersAtLastPeriod(const DetectorInput& input) {
  SelectedValues selected;
  if (input.series.has_periods()) {
    const Period last = input.series.periods.back();
    selected.period = last.ToString();
    for (const Series& peer : input.peers) {
      for (std::size_t i = 0; i < peer.periods.size() && i < peer.values.size(); ++i) {
        if (peer.periods[i] == last && std::isfinite(peer.values[i])) {
          selected.values.push_back(peer.values[i]);
        }
      }
    }
  } else {
    for (const Series& peer : input.peers) {
      if (!peer.values.empty() && std::isfinite(peer.values.back())) {
        selected.values.push_back(peer.values.back());
      }
    }
  }
  selected.description = std::to_string(selected.values.size()) + " units' values" +
                         (selected.period.empty() ? " (last period)" : " in " + selected.period);
  return selected;
}

}  // namespace

SelectedValues SelectValues(const DetectorInput& input, std::string_view source,
                            std::string_view auto_fallback) {
  if (source == "auto") source = input.samples.empty() ? auto_fallback : "samples";
  SelectedValues selected;
  if (source == "samples") {
    AppendFinite(input.samples, selected.values);
    selected.description = std::to_string(selected.values.size()) + " event samples";
  } else if (source == "peers_latest") {
    selected = PeersAtLastPeriod(input);
  } else if (source == "peers_pooled") {
    for (const Series& peer : input.peers) AppendFinite(peer.values, selected.values);
    selected.description = std::to_string(selected.values.size()) + " values of " +
                           std::to_string(input.peers.size()) + " units, pooled over periods";
  } else {
    AppendFinite(input.series.values, selected.values);
    selected.description = std::to_string(selected.values.size()) + " values of the series";
  }
  return selected;
}

std::optional<Threshold> ResolveThreshold(const IndicatorInfo& indicator,
                                          const ParamValues& params) {
  Threshold threshold;
  if (std::optional<double> number = params.Number("threshold")) {
    threshold.value = *number;
    threshold.origin = "parameter";
  } else if (indicator.target) {
    threshold.value = indicator.target->value;
    threshold.origin = "target";
  } else {
    return std::nullopt;
  }
  std::string side = params.Choice("good_side");
  if (side == "above" || side == "below") {
    threshold.good_above = side == "above";
  } else if (indicator.target) {
    threshold.good_above = indicator.target->comparator == Comparator::kAtLeast;
  } else {
    threshold.good_above = indicator.direction == Direction::kHigherIsBetter;
  }
  return threshold;
}

std::optional<AlignedPair> Align(const Series& first, const Series& second) {
  AlignedPair pair;
  if (first.has_periods() && second.has_periods()) {
    std::map<Period, double> by_period;
    for (std::size_t i = 0; i < second.size(); ++i) by_period[second.periods[i]] = second.values[i];
    for (std::size_t i = 0; i < first.size(); ++i) {
      auto match = by_period.find(first.periods[i]);
      if (match == by_period.end()) continue;
      pair.first.push_back(first.values[i]);
      pair.second.push_back(match->second);
      pair.rows.push_back(i);
    }
    return pair;
  }
  if (first.size() != second.size()) return std::nullopt;
  pair.first = first.values;
  pair.second = second.values;
  for (std::size_t i = 0; i < first.size(); ++i) pair.rows.push_back(i);
  return pair;
}

const RelatedSeries* FindRelated(const DetectorInput& input, Relation relation) {
  for (const RelatedSeries& related : input.related) {
    if (related.relation == relation) return &related;
  }
  return nullptr;
}

std::optional<std::vector<double>> DenominatorsOf(const DetectorInput& input) {
  if (input.series.has_denominators()) return input.series.denominators;
  const RelatedSeries* related = FindRelated(input, Relation::kDenominator);
  if (related == nullptr) return std::nullopt;
  std::optional<AlignedPair> pair = Align(input.series, related->series);
  if (!pair) return std::nullopt;
  std::vector<double> denominators(input.series.size(), std::numeric_limits<double>::quiet_NaN());
  for (std::size_t k = 0; k < pair->rows.size(); ++k) denominators[pair->rows[k]] = pair->second[k];
  return denominators;
}

std::optional<Windows> ResolveWindows(std::size_t rows, const ParamValues& params,
                                      std::size_t min_window) {
  const auto window = static_cast<std::size_t>(params.Int("window"));
  std::size_t split = rows >= window ? rows - window : 0;
  if (std::optional<double> given = params.Number("split")) split = static_cast<std::size_t>(*given);
  if (split > rows) return std::nullopt;
  Windows windows;
  windows.split = split;
  windows.before_begin = split >= window ? split - window : 0;
  windows.after_end = std::min(rows, split + window);
  if (split - windows.before_begin < min_window || windows.after_end - split < min_window) {
    return std::nullopt;
  }
  return windows;
}

}  // namespace kpiwatch::gaming
