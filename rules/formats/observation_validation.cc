// ValidateAgainstCatalogue: the checks of a parsed batch that need the catalogue.
#include <unordered_map>

#include "detectors/core/params.h"
#include "rules/formats/observation_parser.h"
#include "rules/formats/observation_rows.h"

namespace kpiwatch {
namespace {

constexpr std::size_t kMaxUnitLength = 128;

std::optional<std::string> InvalidUnitReason(std::string_view unit) {
  if (unit.empty()) return "must not be empty";
  if (unit.size() > kMaxUnitLength) return "must be at most 128 characters";
  for (char c : unit) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) return "must not contain control characters";
  }
  return std::nullopt;
}

std::string UndeclaredReason(const std::string& id, const std::vector<std::string>& known) {
  std::string reason = "indicator '" + id + "' is not declared";
  if (std::string guess = ClosestName(id, known); !guess.empty()) {
    reason += "; did you mean '" + guess + "'?";
  }
  return reason;
}

}  // namespace

namespace observation_rows {

void CollectCatalogueErrors(const ObservationBatch& batch, const Catalogue& catalogue,
                            std::string_view file_name, std::vector<ErrorDetail>& errors) {
  std::vector<std::string> known;  // declared ids, listed at the first undeclared one
  std::unordered_map<ObservationKey, std::size_t, ObservationKeyHash> first_row;  // -> row
  first_row.reserve(batch.rows.size());
  for (std::size_t i = 0; i < batch.rows.size(); ++i) {
    const Observation& row = batch.rows[i];
    int line = i < batch.lines.size() ? batch.lines[i] : 0;
    RowChecker check(file_name, line, errors);
    const Indicator* indicator = catalogue.Find(row.indicator);
    if (indicator == nullptr) {
      if (known.empty()) {
        for (const auto& [id, declared] : catalogue.indicators()) known.push_back(id);
      }
      check.Fail("indicator", 0, UndeclaredReason(row.indicator, known));
    } else if (row.period.cadence() != indicator->cadence) {
      check.Fail("period", 0,
                 "period '" + row.period.ToString() + "' is a " +
                     CadenceName(row.period.cadence()) + " but indicator '" + row.indicator +
                     "' has cadence " + CadenceName(indicator->cadence));
    }
    if (auto reason = InvalidUnitReason(row.unit)) check.Fail("unit", 0, *reason);
    auto [seen, inserted] = first_row.try_emplace(ObservationKey(row), i);
    if (!inserted && batch.rows[seen->second].value != row.value) {
      int first_line = seen->second < batch.lines.size() ? batch.lines[seen->second] : 0;
      check.Fail("value", 0,
                 "another value for the same indicator, unit and period as line " +
                     std::to_string(first_line));
    }
  }
}

}  // namespace observation_rows

Status ValidateAgainstCatalogue(const ObservationBatch& batch, const Catalogue& catalogue,
                                std::string_view file_name) {
  std::vector<ErrorDetail> errors;
  observation_rows::CollectCatalogueErrors(batch, catalogue, file_name, errors);
  return observation_rows::BatchStatus(std::move(errors), batch.rows.size());
}

}  // namespace kpiwatch
