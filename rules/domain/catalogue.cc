#include "rules/domain/catalogue.h"

namespace kpiwatch {

Catalogue::Catalogue(std::vector<Indicator> indicators) {
  for (Indicator& indicator : indicators) Upsert(std::move(indicator));
}

const Indicator* Catalogue::Find(const std::string& id) const {
  auto found = indicators_.find(id);
  return found == indicators_.end() ? nullptr : &found->second;
}

void Catalogue::Upsert(Indicator indicator) {
  std::string id = indicator.id;
  indicators_.insert_or_assign(std::move(id), std::move(indicator));
}

}  // namespace kpiwatch
