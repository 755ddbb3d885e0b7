#include "rules/simulation/werkplein_draft.h"

namespace kpiwatch::simulation {
namespace {
Period Month(const char* text) { return Period::Parse(text, Cadence::kMonth).value(); }
}  // namespace

WerkpleinDraft::WerkpleinDraft(std::uint64_t seed) : seed_(seed) {
  for (Period month = Month("2019-01"); month <= Month("2025-12"); month = month.Next()) {
    periods_.push_back(month);
  }
}

std::size_t WerkpleinDraft::IndexOf(const char* month) const {
  return static_cast<std::size_t>(Month(month).ordinal() - periods_.front().ordinal());
}

Rng WerkpleinDraft::RngFor(std::string_view indicator, std::string_view unit) const {
  return SeriesRng(seed_, indicator, unit);
}

void WerkpleinDraft::Put(const std::string& indicator, const std::string& unit,
                         std::vector<double> values, std::vector<double> n) {
  std::size_t reported = values.size();
  series_[{indicator, unit}] = DraftSeries{std::move(values), std::move(n), reported};
}

void WerkpleinDraft::StopReportingAfter(const std::string& indicator, const std::string& unit,
                                        std::size_t periods) {
  DraftSeries& series = series_.at({indicator, unit});
  series.reported = std::min(series.reported, periods);
}

void WerkpleinDraft::AddSample(const std::string& indicator, const std::string& unit,
                               std::size_t period, double value) {
  samples_.push_back({indicator, unit, periods_.at(period), value});
}

void WerkpleinDraft::RecordEffect(InjectedEffect effect) {
  MarkTouched(effect.indicator, effect.unit);
  effects_.push_back(std::move(effect));
}

void WerkpleinDraft::MarkTouched(const std::string& indicator, const std::string& unit) {
  touched_.insert({indicator, unit});
}

bool WerkpleinDraft::IsTouched(const std::string& indicator, const std::string& unit) const {
  return touched_.count({indicator, unit}) > 0 ||
         touched_.count({indicator, std::string(kAllUnits)}) > 0;
}

InjectedEffect MakeEffect(std::string effect, std::string detector, std::string indicator,
                          std::string unit, const char* begin, const char* end,
                          std::string description) {
  InjectedEffect entry;
  entry.effect = std::move(effect);
  entry.detector = std::move(detector);
  entry.indicator = std::move(indicator);
  entry.unit = std::move(unit);
  entry.begin = Month(begin);
  entry.end = Month(end);
  entry.description = std::move(description);
  return entry;
}

}  // namespace kpiwatch::simulation
