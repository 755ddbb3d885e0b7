#include "detectors/core/registry.h"

#include <algorithm>

namespace kpiwatch {

const char* InputShapeName(InputShape shape) {
  switch (shape) {
    case InputShape::kSeries: return "series";
    case InputShape::kCrossSection: return "cross_section";
    case InputShape::kPair: return "pair";
    case InputShape::kRevisions: return "revisions";
    case InputShape::kClock: return "clock";
  }
  return "series";
}

DetectorRegistry::DetectorRegistry(std::vector<DetectorInfo> detectors)
    : detectors_(std::move(detectors)) {}

const DetectorRegistry& DetectorRegistry::Builtin() {
  // Never destroyed (a function-local pointer, as the Google style asks of statics that are
  // not trivially destructible): a thread still evaluating while the process exits must not
  // find the registry freed under it.
  static const DetectorRegistry* const registry = [] {
    std::vector<DetectorInfo> all;
    for (auto family : {ShiftDetectors, GamingDetectors, ProxyDetectors, TrustDetectors}) {
      std::vector<DetectorInfo> part = family();
      std::move(part.begin(), part.end(), std::back_inserter(all));
    }
    return new DetectorRegistry(std::move(all));
  }();
  return *registry;
}

const DetectorInfo* DetectorRegistry::Find(std::string_view name) const {
  auto found = std::find_if(detectors_.begin(), detectors_.end(),
                            [&](const DetectorInfo& info) { return info.name == name; });
  return found == detectors_.end() ? nullptr : &*found;
}

std::vector<std::string> DetectorRegistry::Names() const {
  std::vector<std::string> names;
  for (const DetectorInfo& info : detectors_) names.push_back(info.name);
  return names;
}

Result<const DetectorInfo*> DetectorRegistry::Lookup(std::string_view name) const {
  if (const DetectorInfo* info = Find(name)) return info;
  std::vector<std::string> names = Names();
  std::string message = "unknown detector '" + std::string(name) + "'";
  if (std::string guess = ClosestName(name, names); !guess.empty()) {
    message += " (did you mean '" + guess + "'?)";
  }
  std::string known;
  for (const std::string& candidate : names) known += (known.empty() ? "" : ", ") + candidate;
  message += "; known detectors: " + known;
  return Status(StatusCode::kNotFound, message);
}

Result<DetectorOutcome> DetectorRegistry::Run(
    std::string_view name, const DetectorInput& input,
    const std::map<std::string, std::string>& raw_params) const {
  Result<const DetectorInfo*> info = Lookup(name);
  if (!info.ok()) return info.status();
  Result<ParamValues> params = ValidateParams(name, (*info)->params, raw_params);
  if (!params.ok()) return params.status();
  return (*info)->run(input, *params);
}

}  // namespace kpiwatch
