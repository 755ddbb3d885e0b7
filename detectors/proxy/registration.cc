// Registry entries of the proxy detector family: does a proxy still stand for its
// outcome? See docs/detectors/proxy-and-trust.md.
#include "detectors/core/registry.h"
#include "detectors/proxy/proxy_drift.h"

namespace kpiwatch {

std::vector<DetectorInfo> ProxyDetectors() {
  return {
      {"proxy_drift", "proxy",
       "the relation outcome ~ a + b * proxy changes (CUSUM, sup-F, Chow at a known date, "
       "correlation windows); reports the break date, coefficients before/after and how far "
       "the proxy now misstates the outcome",
       "the regression of the outcome on the proxy has constant coefficients over the sample",
       InputShape::kPair, proxy::ProxyDriftParams(), proxy::DetectProxyDrift},
  };
}

}  // namespace kpiwatch
