#include "rules/evaluation/window.h"

#include <algorithm>
#include <vector>

namespace kpiwatch {
namespace {

struct PeriodRange {
  Period first;
  Period last;

  bool Overlaps(const Period& period) const {
    return period.last_day() >= first.first_day() && period.first_day() <= last.last_day();
  }
};

void CutSeries(Series& series, const PeriodRange& range) {
  if (!series.has_periods()) return;
  Series kept;
  kept.indicator = std::move(series.indicator);
  kept.unit = std::move(series.unit);
  bool denominators = series.has_denominators();
  for (std::size_t i = 0; i < series.size(); ++i) {
    if (!range.Overlaps(series.periods[i])) continue;
    kept.periods.push_back(series.periods[i]);
    kept.values.push_back(series.values[i]);
    if (denominators) kept.denominators.push_back(series.denominators[i]);
  }
  series = std::move(kept);
}

template <typename T, typename Drop>
void EraseIf(std::vector<T>& items, Drop drop) {
  items.erase(std::remove_if(items.begin(), items.end(), drop), items.end());
}

void CutInput(DetectorInput& input, const PeriodRange& range) {
  CutSeries(input.series, range);
  std::vector<Series> peers;
  for (const Series& peer : input.peers) {
    Series cut = peer;
    CutSeries(cut, range);
    if (cut.size() > 0) peers.push_back(std::move(cut));
  }
  input.peers = std::move(peers);
  for (RelatedSeries& related : input.related) CutSeries(related.series, range);
  EraseIf(input.related, [](const RelatedSeries& related) { return related.series.size() == 0; });
  EraseIf(input.revisions, [&](const Revision& revision) { return !range.Overlaps(revision.period); });
}

// The periods of the series under test, or of every unit for a cross-section; sorted.
std::vector<Period> PeriodsOf(const DetectorInput& input, bool cross_section) {
  if (!cross_section) return input.series.periods;
  std::vector<Period> periods;
  for (const Series& peer : input.peers) periods.insert(periods.end(), peer.periods.begin(), peer.periods.end());
  std::sort(periods.begin(), periods.end());
  periods.erase(std::unique(periods.begin(), periods.end()), periods.end());
  return periods;
}

}  // namespace

Result<WindowedInput> BuildWindowedInput(const SeriesIndex& index, const std::string& indicator,
                                         const std::string& unit, const DetectorInfo& detector,
                                         std::optional<int> window_periods) {
  Result<DetectorInput> built = BuildDetectorInput(index, indicator, unit, detector);
  if (!built.ok()) return built.status();
  WindowedInput windowed{std::move(built).value(), 0, std::nullopt};
  std::vector<Period> periods = PeriodsOf(windowed.input, unit.empty());
  if (!periods.empty()) windowed.last_period = periods.back();
  windowed.points = periods.size();
  if (!window_periods || *window_periods <= 0 ||
      periods.size() <= static_cast<std::size_t>(*window_periods)) {
    return windowed;
  }
  const std::size_t keep = static_cast<std::size_t>(*window_periods);
  PeriodRange range{periods[periods.size() - keep], periods.back()};
  const DetectorData& data = index.data();
  if (!data.samples.empty()) {
    // Samples carry no period once in the input: rebuild with the window's samples only.
    std::vector<Sample> samples;
    for (const Sample& sample : data.samples) {
      if (sample.indicator == indicator && range.Overlaps(sample.period)) samples.push_back(sample);
    }
    DetectorData cut = data;
    cut.samples = samples;
    Result<DetectorInput> rebuilt = BuildDetectorInput(cut, indicator, unit, detector);
    if (!rebuilt.ok()) return rebuilt.status();
    windowed.input.samples = std::move(rebuilt->samples);
  }
  CutInput(windowed.input, range);
  windowed.points = keep;
  return windowed;
}

}  // namespace kpiwatch
