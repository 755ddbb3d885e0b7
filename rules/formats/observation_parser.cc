#include "rules/formats/observation_parser.h"

namespace kpiwatch {

ObservationFormat FormatFromContentType(std::string_view) { return ObservationFormat::kAuto; }

Result<ObservationBatch> ParseObservations(std::string_view, const ParseOptions&) {
  return Status::Internal("ParseObservations: not implemented yet");
}

Status ValidateAgainstCatalogue(const ObservationBatch&, const Catalogue&, std::string_view) {
  return Status::Internal("ValidateAgainstCatalogue: not implemented yet");
}

}  // namespace kpiwatch
