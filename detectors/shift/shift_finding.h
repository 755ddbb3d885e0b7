// Shared pieces of the shift detectors: the input check and the common question.
// Finding scaffolding and number wording come from detectors/core/finding_text.h.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "detectors/core/finding.h"
#include "detectors/core/series.h"

namespace kpiwatch::shift {

// NotApplicable naming the first row whose value is missing or not finite, or
// InsufficientData when the series has fewer than `min_rows` rows; nullopt when usable.
std::optional<DetectorOutcome> CheckSeries(const Series& series, std::size_t min_rows,
                                           const std::string& detector);

// The question every shift finding asks first.
inline constexpr const char* kDefinitionQuestion =
    "Did the definition, the source system or the policy change in this period?";
// Questions that separate a genuine change from an artefact or gaming.
inline constexpr const char* kExternalQuestion =
    "Is there an external cause (economy, legislation, a reorganisation, a new client group)?";
inline constexpr const char* kRegistrationQuestion =
    "Did the way cases are registered or counted change (new form, new deadline, backlog)?";

}  // namespace kpiwatch::shift
