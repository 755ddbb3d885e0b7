// Registry entries of the gaming detector family.
#include "detectors/core/registry.h"

namespace kpiwatch {

std::vector<DetectorInfo> GamingDetectors() { return {}; }

}  // namespace kpiwatch
