// SilenceToJson / SilenceFromJson (declared in alert_json.h). Kept apart from the alert
// functions so that silences need nothing of alert.cc.
#include "rules/formats/alert_json.h"
#include "rules/formats/field_node.h"
#include "rules/formats/timestamp.h"

namespace kpiwatch {

boost::json::object SilenceToJson(const Silence& silence) {
  return {{"id", silence.id},
          {"indicator", silence.indicator},
          {"unit", silence.unit},
          {"rule", silence.rule},
          {"starts_at", FormatTimestamp(silence.starts_at)},
          {"ends_at", FormatTimestamp(silence.ends_at)},
          {"reason", silence.reason},
          {"author", silence.author},
          {"created_at", FormatTimestamp(silence.created_at)}};
}

Result<Silence> SilenceFromJson(const boost::json::value& json) {
  std::vector<ErrorDetail> errors;
  FieldReader reader("", errors);
  FieldNode node = JsonToFieldNode(json);
  Silence silence;
  if (reader.IsMap(node, "", "expected a JSON object with the silence's fields")) {
    MapFields fields(reader, node);
    fields.Unsigned("id", silence.id);
    fields.Text("indicator", silence.indicator);
    fields.Text("unit", silence.unit);
    fields.Text("rule", silence.rule);
    fields.Time("starts_at", silence.starts_at);
    fields.Time("ends_at", silence.ends_at);
    fields.Text("reason", silence.reason);
    fields.Text("author", silence.author);
    fields.Time("created_at", silence.created_at);
  }
  if (!errors.empty()) return Status::InvalidArgument("invalid silence", std::move(errors));
  return silence;
}

}  // namespace kpiwatch
