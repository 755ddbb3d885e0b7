// Fuzz target: ingest batch parsing (JSON array, NDJSON, CSV, auto-detected) with the
// catalogue check, as POST /v1/observations and the spool watcher run it.
// The first byte picks the format and decimal comma. Properties: a batch is accepted
// whole or rejected with at least one positioned row error; an accepted batch holds
// only finite values with periods of the declared cadence for declared indicators.
#include <cmath>

#include "rules/formats/observation_parser.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using kpiwatch::fuzz::Require;
  if (size == 0) return 0;
  constexpr kpiwatch::ObservationFormat kFormats[] = {
      kpiwatch::ObservationFormat::kAuto, kpiwatch::ObservationFormat::kJson,
      kpiwatch::ObservationFormat::kNdjson, kpiwatch::ObservationFormat::kCsv};
  kpiwatch::ParseOptions options;
  options.format = kFormats[data[0] & 3];
  options.decimal_comma = (data[0] & 4) != 0;
  options.file_name = "fuzz-batch";
  options.catalogue = &kpiwatch::fuzz::FuzzCatalogue();
  const std::string_view body = kpiwatch::fuzz::AsText(data + 1, size - 1);

  const auto batch = kpiwatch::ParseObservations(body, options);
  if (!batch.ok()) {
    Require(!batch.status().details().empty() || !batch.status().message().empty(),
            "a rejected batch says why");
    return 0;
  }
  const auto checked = kpiwatch::ValidateAgainstCatalogue(*batch, kpiwatch::fuzz::FuzzCatalogue(), "fuzz-batch");
  Require(checked.ok(), "a batch parsed with the catalogue passes the catalogue check");
  for (const auto& row : batch->rows) {
    Require(std::isfinite(row.value), "accepted values are finite");
    const kpiwatch::Indicator* indicator = kpiwatch::fuzz::FuzzCatalogue().Find(row.indicator);
    Require(indicator != nullptr, "accepted rows name a declared indicator");
    Require(row.period.cadence() == indicator->cadence, "accepted periods have the cadence");
  }
  return 0;
}
