// Fuzz target: the rules YAML parser and validator (with the builtin detector registry
// and a small catalogue for selector checks).
// Properties: a rejected rule set has at least one positioned error detail; an accepted
// one written back with RulesToYaml parses again to the same rules.
#include "detectors/core/registry.h"
#include "rules/formats/rule_parser.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using kpiwatch::fuzz::Require;
  const std::string_view text = kpiwatch::fuzz::AsText(data, size);
  const auto& registry = kpiwatch::DetectorRegistry::Builtin();
  const auto parsed = kpiwatch::ParseRulesYaml(text, "fuzz-rules.yaml", registry, &kpiwatch::fuzz::FuzzCatalogue());
  if (!parsed.ok()) {
    Require(!parsed.status().details().empty(), "a rejected rule set has error details");
    (void)kpiwatch::RenderErrorsWithSource(parsed.status(), text);
    return 0;
  }
  const std::string written = kpiwatch::RulesToYaml(parsed->rules);
  const auto again = kpiwatch::ParseRulesYaml(written, "written.yaml", registry, &kpiwatch::fuzz::FuzzCatalogue());
  Require(again.ok(), "RulesToYaml output parses");
  Require(again->rules == parsed->rules, "RulesToYaml round-trips the rules");
  return 0;
}
