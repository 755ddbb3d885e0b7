// Registry entries of the proxy detector family.
#include "detectors/core/registry.h"

namespace kpiwatch {

std::vector<DetectorInfo> ProxyDetectors() { return {}; }

}  // namespace kpiwatch
