// The detector registry: every detector by name, with its parameters and how to run it.
//
// One table that everything else is generated from: `kpiwatch detect --list`, the
// parameter tables in docs/detectors.md, rule validation ("unknown detector 'pelt2'
// (did you mean 'pelt'?)"). Each detector family contributes its entries through one
// function (ShiftDetectors(), GamingDetectors(), ...); the registry is immutable.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "detectors/core/finding.h"
#include "detectors/core/params.h"
#include "detectors/core/series.h"
#include "detectors/core/status.h"

namespace kpiwatch {

// What kind of input a detector needs; rules use it to build the DetectorInput.
enum class InputShape {
  kSeries,        // one series (peers/related optional)
  kCrossSection,  // all units of one indicator (DetectorInput::peers) or event samples
  kPair,          // the series plus a related series (counter-indicator, outcome)
  kRevisions,     // the series plus its revisions
  kClock,         // the series plus as_of (evaluated on a schedule)
};

// "series", "cross_section", "pair", "revisions", "clock".
const char* InputShapeName(InputShape shape);

using DetectorFunction =
    std::function<Result<DetectorOutcome>(const DetectorInput&, const ParamValues&)>;

// What an incremental run returns: the outcome a batch run over the whole input would give,
// and the detector's state after the input's last row (opaque text, for the next run).
struct IncrementalOutcome {
  DetectorOutcome outcome;
  std::string state;
};

// Resumes a detector from `state` (the state of an earlier run whose rows are the first
// rows of input.series; empty = start fresh) and feeds only the rows after them. The
// outcome equals the batch run over the whole input. Errors: InvalidArgument when the
// state cannot be read or covers more rows than the series has.
using IncrementalFunction = std::function<Result<IncrementalOutcome>(
    const DetectorInput&, const ParamValues&, std::string_view state)>;

struct DetectorInfo {
  std::string name;             // e.g. "pelt"
  std::string family;           // "shift", "gaming", "proxy", "trust"
  std::string summary;          // one line: what it detects
  std::string null_hypothesis;  // what "nothing to see" means, for docs and --list
  InputShape shape = InputShape::kSeries;
  std::vector<ParamSpec> params;
  DetectorFunction run;
  // Set for detectors that can run point by point (the rule scheduler keeps their state).
  IncrementalFunction resume;
};

class DetectorRegistry {
 public:
  explicit DetectorRegistry(std::vector<DetectorInfo> detectors);

  // Every detector shipped with kpiwatch. Built once; immutable.
  static const DetectorRegistry& Builtin();

  // nullptr when there is no such detector.
  const DetectorInfo* Find(std::string_view name) const;
  // Like Find, but an error naming the detector, the closest name and the list.
  Result<const DetectorInfo*> Lookup(std::string_view name) const;
  const std::vector<DetectorInfo>& detectors() const { return detectors_; }
  std::vector<std::string> Names() const;

  // Looks the detector up, validates `raw_params` and runs it.
  Result<DetectorOutcome> Run(std::string_view name, const DetectorInput& input,
                              const std::map<std::string, std::string>& raw_params) const;

 private:
  std::vector<DetectorInfo> detectors_;
};

// Family contributions, defined in each family's folder.
std::vector<DetectorInfo> ShiftDetectors();   // detectors/shift
std::vector<DetectorInfo> GamingDetectors();  // detectors/gaming
std::vector<DetectorInfo> ProxyDetectors();   // detectors/proxy
std::vector<DetectorInfo> TrustDetectors();   // detectors/trust

}  // namespace kpiwatch
