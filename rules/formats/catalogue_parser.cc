#include "rules/formats/catalogue_parser.h"

namespace kpiwatch {

Result<Catalogue> ParseCatalogueYaml(std::string_view, std::string_view) {
  return Status::Internal("ParseCatalogueYaml: not implemented yet");
}

std::string RenderErrorsWithSource(const Status& status, std::string_view) {
  return status.ToString();
}

}  // namespace kpiwatch
