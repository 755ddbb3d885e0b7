// Registry entries of the shift detector family.
#include "detectors/core/registry.h"

namespace kpiwatch {

std::vector<DetectorInfo> ShiftDetectors() { return {}; }

}  // namespace kpiwatch
