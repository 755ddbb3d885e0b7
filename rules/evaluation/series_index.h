// The rows of a DetectorData turned into series once, so every input of a round is a
// look-up instead of a pass over all rows.
//
// Per indicator: every unit's series (sorted by period; when a period occurs twice the
// later row wins), shared as one PeerList, the first row whose period has another cadence
// than the indicator's, the samples in period order, and per series its restatements. A
// round over the U units of an indicator with N rows then costs O(N log N) to index plus
// O(series) per input, where building each input from the rows cost O(N log N) and made
// the round O(U * N log N).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "rules/evaluation/detector_data.h"

namespace kpiwatch {

class SeriesIndex {
 public:
  // Indexes the rows of every declared indicator in `data`, or only of those in `only`.
  // Nothing is copied from `data` but the series: its spans and catalogue must outlive
  // the index.
  explicit SeriesIndex(const DetectorData& data, const std::set<std::string>* only = nullptr);

  const DetectorData& data() const { return data_; }

  // The series of `unit` of `indicator`, or nullptr when it has no rows.
  const Series* Find(const std::string& indicator, const std::string& unit) const;
  // Every unit's series of `indicator`, sorted by unit (empty when it has no rows).
  PeerList Units(const std::string& indicator) const;
  // The error for the first row of `indicator` (of `unit`, when given) whose period has
  // another cadence than the indicator's, naming that row; nullopt when there is none.
  std::optional<Status> WrongCadence(const std::string& indicator, const std::string* unit = nullptr) const;
  // The sample values of (indicator, unit), or of every unit when `unit` is empty, in
  // period order (input order within a period).
  std::vector<double> Samples(const std::string& indicator, const std::string& unit) const;
  // The restatements of `unit` of `indicator`: those naming the indicator and those with an
  // empty indicator (of the indicator under test), in the order of data().revisions.
  std::vector<Revision> Revisions(const std::string& indicator, const std::string& unit) const;

 private:
  struct IndicatorSeries {
    PeerList units;                                // sorted by unit
    std::map<std::string, std::size_t> position;   // unit -> index in `units`
    std::optional<Status> wrong_cadence;           // first such row of any unit
    std::map<std::string, Status> unit_wrong_cadence;
  };
  const IndicatorSeries* Of(const std::string& indicator) const;

  DetectorData data_;
  std::map<std::string, IndicatorSeries> indicators_;
  std::map<std::string, std::vector<const Sample*>> samples_;  // by indicator, period order
  // (indicator as given, possibly empty; unit) -> positions in data_.revisions, ascending.
  std::map<std::pair<std::string, std::string>, std::vector<std::size_t>> revisions_;
};

}  // namespace kpiwatch
