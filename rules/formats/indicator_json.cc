#include "rules/formats/indicator_json.h"

namespace kpiwatch {

boost::json::object IndicatorToJson(const Indicator&) { return {}; }

Result<Indicator> IndicatorFromJson(const boost::json::value&, std::string_view) {
  return Status::Internal("IndicatorFromJson: not implemented yet");
}

Status ValidateIndicatorReferences(const Indicator&, const Catalogue&) { return Status::Ok(); }

}  // namespace kpiwatch
