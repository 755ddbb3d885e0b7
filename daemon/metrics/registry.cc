#include "daemon/metrics/registry.h"

namespace kpiwatch::metrics {

void Registry::IncrementCounter(const std::string& name, const Labels& labels, double by) {
  if (by < 0) return;
  std::lock_guard lock(mutex_);
  if (Series* series = FindSeries(name, labels, Type::kCounter)) series->value += by;
}

void Registry::SetGauge(const std::string& name, const Labels& labels, double value) {
  std::lock_guard lock(mutex_);
  if (Series* series = FindSeries(name, labels, Type::kGauge)) series->value = value;
}

void Registry::ObserveHistogram(const std::string&, const Labels&, double) {}
void Registry::Describe(const std::string&, const std::string&, const std::string&) {}
Registry::Series* Registry::FindSeries(const std::string&, const Labels&, Type) {
  return nullptr;
}
std::string Registry::RenderPrometheus() const { return ""; }

}  // namespace kpiwatch::metrics
