// Registry entries of the trust detector family.
#include "detectors/core/registry.h"

namespace kpiwatch {

std::vector<DetectorInfo> TrustDetectors() { return {}; }

}  // namespace kpiwatch
