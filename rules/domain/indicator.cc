#include "rules/domain/indicator.h"

#include <cctype>

namespace kpiwatch {

const char* LayerName(Layer layer) {
  switch (layer) {
    case Layer::kImpact: return "impact";
    case Layer::kActivity: return "activity";
    case Layer::kQuality: return "quality";
  }
  return "impact";
}

Result<Layer> ParseLayer(std::string_view text) {
  for (Layer layer : {Layer::kImpact, Layer::kActivity, Layer::kQuality}) {
    if (text == LayerName(layer)) return layer;
  }
  return Status::InvalidArgument("unknown layer '" + std::string(text) +
                                 "' (allowed: impact, activity, quality)");
}

IndicatorInfo Indicator::Info() const {
  IndicatorInfo info;
  info.id = id;
  info.unit_kind = unit;
  info.direction = direction;
  info.cadence = cadence;
  info.target = target;
  info.definition_changes = definition_changes;
  return info;
}

std::optional<std::string> InvalidIndicatorIdReason(std::string_view id) {
  if (id.empty()) return "must not be empty";
  if (id.size() > 128) return "must be at most 128 characters";
  if (!std::islower(static_cast<unsigned char>(id[0]))) return "must start with a lower-case letter";
  for (char c : id) {
    bool allowed = std::islower(static_cast<unsigned char>(c)) ||
                   std::isdigit(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
    if (!allowed) {
      return std::string("may contain only a-z, 0-9, '_', '.' and '-' (found '") + c + "')";
    }
  }
  return std::nullopt;
}

}  // namespace kpiwatch
