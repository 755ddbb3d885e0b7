// Fuzz target: Period::Parse and ParseCadence.
// Properties: a parsed period prints as text that parses back to the same period, of the
// same cadence when parsed with that cadence expected; parsing never crashes.
#include "detectors/core/period.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using kpiwatch::fuzz::Require;
  const std::string_view text = kpiwatch::fuzz::AsText(data, size);
  (void)kpiwatch::ParseCadence(text);
  const auto period = kpiwatch::Period::Parse(text);
  if (!period.ok()) return 0;
  const std::string canonical = period->ToString();
  const auto again = kpiwatch::Period::Parse(canonical, period->cadence());
  Require(again.ok(), "the canonical text of a parsed period parses again");
  Require(*again == *period, "canonical text round-trips to the same period");
  Require(period->Next(1).Next(-1) == *period, "Next(1).Next(-1) is the identity");
  Require(period->first_day() <= period->last_day(), "a period's first day <= its last day");
  return 0;
}
