// Fuzz target: every registered detector on input the daemon can hand it. The bytes decide
// the indicator (unit kind, direction, cadence, target), the series (finite values of any
// magnitude or sign, gaps in the periods, denominators), peer units, event samples, a
// related series, revisions and the clock; then every detector runs with its defaults and
// every default rule runs with its parameters, as the scheduler would, and the
// segmentation searches run with their other costs. Ingest accepts any
// finite value, so that is what this feeds. Properties: no detector crashes, and every
// finding it returns has a finite-or-absent p-value in [0, 1] and names itself.
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "detectors/core/registry.h"
#include "rules/evaluation/default_rules.h"
#include "rules/formats/rule_parser.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

using kpiwatch::fuzz::Require;

// Reads the fuzzer's bytes front to back; past the end everything reads as zero.
class ByteReader {
 public:
  ByteReader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  bool empty() const { return position_ >= size_; }
  std::uint8_t Byte() { return position_ < size_ ? data_[position_++] : 0; }
  std::uint64_t Word() {
    std::uint64_t word = 0;
    for (int i = 0; i < 8; ++i) word = (word << 8) | Byte();
    return word;
  }
  // A finite value in one of several shapes: raw doubles (any magnitude), small counts,
  // percentages with decimals, and values at or near zero.
  double Value() {
    switch (Byte() % 4) {
      case 0: {
        const double raw = std::bit_cast<double>(Word());
        return std::isfinite(raw) ? raw : 0.0;
      }
      case 1:
        return static_cast<double>(Byte());
      case 2: {
        const int high = Byte();  // two statements: operands have no evaluation order
        return static_cast<double>((high << 8) | Byte()) / 100.0;
      }
      default:
        return static_cast<double>(static_cast<std::int8_t>(Byte())) * 1e-9;
    }
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t position_ = 0;
};

kpiwatch::Series ReadSeries(ByteReader& bytes, const std::string& unit, kpiwatch::Cadence cadence,
                            bool with_denominators) {
  kpiwatch::Series series;
  series.indicator = "fuzz.indicator";
  series.unit = unit;
  const std::size_t length = bytes.Byte() % 160;
  std::int64_t ordinal =
      kpiwatch::Period::Containing(cadence, std::chrono::sys_days{std::chrono::days{19000}})
          .ordinal();
  for (std::size_t i = 0; i < length && !bytes.empty(); ++i) {
    const std::uint8_t step = bytes.Byte();
    ordinal += step < 224 ? 1 : step - 222;  // mostly consecutive, sometimes a gap
    series.periods.push_back(kpiwatch::Period::FromOrdinal(cadence, ordinal));
    series.values.push_back(bytes.Value());
    if (with_denominators) {
      const std::uint8_t n = bytes.Byte();
      series.denominators.push_back(n == 255 ? std::nan("") : static_cast<double>(n) * 3.0);
    }
  }
  return series;
}

kpiwatch::DetectorInput ReadInput(ByteReader& bytes) {
  kpiwatch::DetectorInput input;
  const std::uint8_t flags = bytes.Byte();
  input.indicator.id = "fuzz.indicator";
  input.indicator.unit_kind = static_cast<kpiwatch::UnitKind>(bytes.Byte() % 6);
  input.indicator.direction =
      (flags & 1) ? kpiwatch::Direction::kLowerIsBetter : kpiwatch::Direction::kHigherIsBetter;
  const auto cadence = static_cast<kpiwatch::Cadence>(bytes.Byte() % 5);
  input.indicator.cadence = cadence;
  const bool with_denominators = (flags & 4) != 0;
  input.series = ReadSeries(bytes, "unit-0", cadence, with_denominators);
  if (flags & 2) {
    kpiwatch::Target target;
    target.value = bytes.Value();
    target.comparator =
        (flags & 8) ? kpiwatch::Comparator::kAtMost : kpiwatch::Comparator::kAtLeast;
    if (input.series.has_periods() && (flags & 16)) {
      target.valid_from = input.series.periods[bytes.Byte() % input.series.size()];
    }
    input.indicator.target = target;
  }
  if (input.series.has_periods() && (flags & 32)) {
    input.indicator.definition_changes.push_back(
        input.series.periods[bytes.Byte() % input.series.size()]);
  }
  std::vector<kpiwatch::Series> peers{input.series};
  const std::size_t peer_count = bytes.Byte() % 4;
  for (std::size_t p = 1; p <= peer_count; ++p) {
    peers.push_back(ReadSeries(bytes, "unit-" + std::to_string(p), cadence, with_denominators));
  }
  input.peers = std::move(peers);
  const std::size_t sample_count = bytes.Byte() % 64;
  for (std::size_t i = 0; i < sample_count; ++i) input.samples.push_back(bytes.Value());
  if (flags & 64) {
    kpiwatch::RelatedSeries related;
    related.relation = static_cast<kpiwatch::Relation>(bytes.Byte() % 5);
    related.indicator = input.indicator;
    related.indicator.id = "fuzz.related";
    related.series = ReadSeries(bytes, "unit-0", cadence, false);
    input.related.push_back(std::move(related));
  }
  if (input.series.has_periods() && (flags & 128)) {
    const std::size_t revision_count = bytes.Byte() % 8;
    for (std::size_t i = 0; i < revision_count; ++i) {
      kpiwatch::Revision revision;
      revision.unit = "unit-0";
      revision.period = input.series.periods[bytes.Byte() % input.series.size()];
      revision.old_value = bytes.Value();
      revision.new_value = bytes.Value();
      revision.revised_at =
          std::chrono::sys_seconds{std::chrono::seconds{1'700'000'000 + bytes.Byte() * 86400}};
      input.revisions.push_back(revision);
    }
  }
  input.as_of =
      std::chrono::sys_seconds{std::chrono::seconds{1'600'000'000 + bytes.Word() % 400'000'000}};
  return input;
}

void CheckOutcome(const kpiwatch::Result<kpiwatch::DetectorOutcome>& outcome,
                  const std::string& detector) {
  if (!outcome.ok()) return;  // a refusal (too short, no target, ...) is an answer
  for (const kpiwatch::Finding& finding : outcome->findings) {
    Require(finding.detector == detector, "a finding names the detector that made it");
    for (const auto& [what, value] :
         {std::pair{"p-value", finding.p_value}, std::pair{"probability", finding.probability}}) {
      if (!value || (*value >= 0.0 && *value <= 1.0)) continue;
      std::fprintf(stderr, "%s: %s %g at row %zu\n", detector.c_str(), what, *value, finding.index);
      Require(false, "p-values and probabilities lie in [0, 1]");
    }
  }
}

// The default rules' detectors with the parameters those rules give them.
const std::vector<kpiwatch::Rule>& DefaultRules() {
  static const std::vector<kpiwatch::Rule> rules = [] {
    auto parsed = kpiwatch::ParseRulesYaml(kpiwatch::DefaultRulesYaml(), "default-rules.yaml",
                                           kpiwatch::DetectorRegistry::Builtin(), nullptr);
    Require(parsed.ok(), "the default rules parse");
    return parsed->rules.rules;
  }();
  return rules;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ByteReader bytes(data, size);
  const kpiwatch::DetectorInput input = ReadInput(bytes);
  const kpiwatch::DetectorRegistry& registry = kpiwatch::DetectorRegistry::Builtin();
  for (const kpiwatch::DetectorInfo& detector : registry.detectors()) {
    CheckOutcome(registry.Run(detector.name, input, {}), detector.name);
  }
  for (const kpiwatch::Rule& rule : DefaultRules()) {
    CheckOutcome(registry.Run(rule.detector, input, rule.params), rule.detector);
  }
  // The segmentation searches with their other costs (the defaults use the mean cost).
  for (const char* detector : {"pelt", "binseg"}) {
    for (const char* cost : {"meanvar", "poisson"}) {
      CheckOutcome(registry.Run(detector, input, {{"cost", cost}, {"min_segment", "2"}}), detector);
    }
  }
  return 0;
}
