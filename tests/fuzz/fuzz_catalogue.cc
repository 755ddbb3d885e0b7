// Fuzz target: the indicator catalogue YAML parser and the error renderer.
// Properties: an accepted catalogue files each indicator under its id and its counter-indicator references resolve;
// a rejected one has at least one error detail, and rendering the errors with the source
// never reads outside it.
#include "rules/formats/catalogue_parser.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using kpiwatch::fuzz::Require;
  const std::string_view text = kpiwatch::fuzz::AsText(data, size);
  const auto catalogue = kpiwatch::ParseCatalogueYaml(text, "fuzz-catalogue.yaml");
  if (!catalogue.ok()) {
    Require(!catalogue.status().details().empty(), "a rejected catalogue has error details");
    (void)kpiwatch::RenderErrorsWithSource(catalogue.status(), text);
    return 0;
  }
  for (const auto& [id, indicator] : catalogue->indicators()) {
    Require(id == indicator.id, "indicators are filed under their own id");
    for (const auto& other : indicator.counter_indicators) {
      Require(catalogue->Find(other) != nullptr, "counter-indicators are declared");
    }
  }
  return 0;
}
