// Internal to the werkplein scenario: the series under construction, the samples and the
// ground truth, filled by one function per group of indicators (werkplein_work.cc,
// werkplein_debt.cc, werkplein_fraud.cc, werkplein_processing.cc) and turned into a Scenario by
// werkplein_scenario.cc.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "rules/simulation/draws.h"
#include "rules/simulation/scenario.h"
#include "rules/simulation/werkplein_catalogue.h"

namespace kpiwatch::simulation {

struct DraftSeries {
  std::vector<double> values;  // one per scenario period
  std::vector<double> n;       // empty, or one denominator per period
  // How many periods, from the first, were reported (less than values.size() for a
  // series that went stale).
  std::size_t reported = 0;
};

class WerkpleinDraft {
 public:
  // Periods 2019-01 .. 2025-12.
  explicit WerkpleinDraft(std::uint64_t seed);

  std::uint64_t seed() const { return seed_; }
  const std::vector<Period>& periods() const { return periods_; }
  // The index of a month of the scenario ("2024-12"); the month must parse.
  std::size_t IndexOf(const char* month) const;
  // The engine for one series (see SeriesRng).
  Rng RngFor(std::string_view indicator, std::string_view unit) const;

  // Stores a fully reported series; n empty or one per period.
  void Put(const std::string& indicator, const std::string& unit, std::vector<double> values,
           std::vector<double> n = {});
  // Reports only the first `periods` periods of a stored series (a stale series).
  void StopReportingAfter(const std::string& indicator, const std::string& unit,
                          std::size_t periods);
  void AddSample(const std::string& indicator, const std::string& unit, std::size_t period,
                 double value);

  // Records an effect and marks (indicator, unit) as not clean; `unit` may be kAllUnits.
  void RecordEffect(InjectedEffect effect);
  // Marks another series touched by an effect (e.g. the counterpart of a pair).
  void MarkTouched(const std::string& indicator, const std::string& unit);

  const std::map<std::pair<std::string, std::string>, DraftSeries>& series() const {
    return series_;
  }
  const std::vector<Sample>& samples() const { return samples_; }
  const std::vector<InjectedEffect>& effects() const { return effects_; }
  bool IsTouched(const std::string& indicator, const std::string& unit) const;

 private:
  std::uint64_t seed_;
  std::vector<Period> periods_;
  std::map<std::pair<std::string, std::string>, DraftSeries> series_;
  std::vector<Sample> samples_;
  std::vector<InjectedEffect> effects_;
  std::set<std::pair<std::string, std::string>> touched_;
};

// An effect entry covering the months [begin, end] of the draft's scenario.
InjectedEffect MakeEffect(std::string effect, std::string detector, std::string indicator,
                          std::string unit, const char* begin, const char* end,
                          std::string description);

// Groups of indicators, each with its clean series and its injected effects.
void AddWorkSeries(WerkpleinDraft& draft);   // outflow, lasting work, programme, satisfaction
void AddDebtSeries(WerkpleinDraft& draft);   // evictions, settlements, intake, debts, defaulters
void AddFraudSeries(WerkpleinDraft& draft);  // fraud recovered, with per-case samples
void AddProcessingTimeSeries(WerkpleinDraft& draft);  // days to decision, per-application samples

}  // namespace kpiwatch::simulation
