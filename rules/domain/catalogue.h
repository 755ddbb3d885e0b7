// Catalogue: the declared indicators, by id. A value type: the daemon swaps whole
// catalogues (reload keeps the old one when the new one is invalid).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "rules/domain/indicator.h"

namespace kpiwatch {

class Catalogue {
 public:
  Catalogue() = default;
  explicit Catalogue(std::vector<Indicator> indicators);

  // nullptr when not declared.
  const Indicator* Find(const std::string& id) const;
  // Adds or replaces by id.
  void Upsert(Indicator indicator);
  const std::map<std::string, Indicator>& indicators() const { return indicators_; }
  std::size_t size() const { return indicators_.size(); }

 private:
  std::map<std::string, Indicator> indicators_;
};

}  // namespace kpiwatch
