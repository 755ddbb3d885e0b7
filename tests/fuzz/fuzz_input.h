// Helpers shared by the libFuzzer targets: the input as text, a check that stops the run
// (and so makes libFuzzer keep the input) when a stated property does not hold, and the
// small catalogue the targets validate against.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <utility>

#include "rules/formats/catalogue_parser.h"

namespace kpiwatch::fuzz {

inline std::string_view AsText(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A property of the parser under test; a violation is a finding like a crash.
inline void Require(bool holds, const char* property) {
  if (holds) return;
  std::fprintf(stderr, "fuzz property violated: %s\n", property);
  std::abort();
}

// A monthly indicator with a target and a quarterly one.
inline constexpr const char* kCatalogueYaml = R"(indicators:
  - id: werk.uitstroom
    name: Uitstroom naar werk
    definition: Clients who left benefits for paid work in the month.
    unit: count
    direction: higher_is_better
    cadence: month
    target: {value: 40, comparator: ">=", valid_from: 2024-01}
  - id: zorg.wachttijd
    name: Wachttijd
    definition: Median waiting time in days, per quarter.
    unit: duration
    direction: lower_is_better
    cadence: quarter
)";

// kCatalogueYaml parsed (once).
inline const Catalogue& FuzzCatalogue() {
  static const Catalogue catalogue = [] {
    auto parsed = ParseCatalogueYaml(kCatalogueYaml, "fuzz-catalogue.yaml");
    Require(parsed.ok(), "the fuzz catalogue parses");
    return std::move(parsed).value();
  }();
  return catalogue;
}

}  // namespace kpiwatch::fuzz
