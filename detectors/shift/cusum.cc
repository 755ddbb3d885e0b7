#include "detectors/shift/cusum.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <charconv>
#include <cmath>
#include <map>

#include "detectors/stats/robust.h"

namespace kpiwatch::shift {
namespace {

// max(x, 0) without a branch (0 for NaN). On in-control data a CUSUM sum is zero about
// half the time, at random: a branch would be mispredicted on about every other row and
// cost more than the rest of the row. The restart rows below are updated by arithmetic on
// the zero flags for the same reason.
inline double PositivePart(double x) {
#if defined(__SSE2__)
  return _mm_cvtsd_f64(_mm_max_sd(_mm_set_sd(x), _mm_setzero_pd()));
#else
  return x > 0.0 ? x : 0.0;
#endif
}

std::string Text(double value) {
  char buffer[64];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, end);
}

template <typename Number>
bool ParseField(std::string_view text, Number& out) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size();
}

void StartBaseline(CusumState& state) {
  state.baseline_values.clear();
  state.monitoring = false;
  state.upper = state.lower = 0.0;
}

void FinishBaseline(CusumState& state) {
  state.center = stats::Median(state.baseline_values);
  double scale = stats::Mad(state.baseline_values);
  if (!(scale > 0.0)) {
    double sum = 0.0;
    for (double v : state.baseline_values) sum += std::abs(v - state.center);
    scale = 1.2533141373155 * sum / static_cast<double>(state.baseline_values.size());
  }
  if (!(scale > 0.0)) scale = 1e-6 * std::max(1.0, std::abs(state.center));
  state.scale = scale;
  state.baseline_values.clear();
  state.monitoring = true;
  state.upper_start = state.lower_start = state.rows;
}

}  // namespace

std::string CusumState::Serialize() const {
  std::string out = "cusum1 rows=" + std::to_string(rows) + " mon=" + (monitoring ? "1" : "0") +
                    " center=" + Text(center) + " scale=" + Text(scale) + " upper=" + Text(upper) +
                    " lower=" + Text(lower) + " us=" + std::to_string(upper_start) +
                    " ls=" + std::to_string(lower_start) + " base=";
  for (std::size_t i = 0; i < baseline_values.size(); ++i) {
    out += (i ? "," : "") + Text(baseline_values[i]);
  }
  return out;
}

Result<CusumState> CusumState::Parse(std::string_view text) {
  std::map<std::string, std::string> fields;
  std::size_t pos = 0;
  bool first = true;
  while (pos < text.size()) {
    std::size_t space = text.find(' ', pos);
    std::string_view token = text.substr(pos, space == std::string_view::npos ? text.npos : space - pos);
    pos = space == std::string_view::npos ? text.size() : space + 1;
    if (first) {
      if (token != "cusum1") return Status::InvalidArgument("cusum state: expected 'cusum1' at the start");
      first = false;
      continue;
    }
    std::size_t equals = token.find('=');
    if (equals == std::string_view::npos) {
      return Status::InvalidArgument("cusum state: field '" + std::string(token) + "' has no '='");
    }
    fields[std::string(token.substr(0, equals))] = std::string(token.substr(equals + 1));
  }
  CusumState state;
  auto bad = [](const char* name) {
    return Status::InvalidArgument(std::string("cusum state: missing or bad field '") + name + "'");
  };
  int monitoring = 0;
  if (!ParseField(fields["rows"], state.rows)) return bad("rows");
  if (!ParseField(fields["mon"], monitoring) || monitoring < 0 || monitoring > 1) return bad("mon");
  state.monitoring = monitoring == 1;
  if (!ParseField(fields["center"], state.center)) return bad("center");
  if (!ParseField(fields["scale"], state.scale)) return bad("scale");
  if (!ParseField(fields["upper"], state.upper)) return bad("upper");
  if (!ParseField(fields["lower"], state.lower)) return bad("lower");
  if (!ParseField(fields["us"], state.upper_start)) return bad("us");
  if (!ParseField(fields["ls"], state.lower_start)) return bad("ls");
  if (!fields.count("base")) return bad("base");
  std::string_view base = fields["base"];
  while (!base.empty()) {
    std::size_t comma = base.find(',');
    double value = 0.0;
    if (!ParseField(base.substr(0, comma), value)) return bad("base");
    state.baseline_values.push_back(value);
    base = comma == std::string_view::npos ? std::string_view() : base.substr(comma + 1);
  }
  return state;
}

std::optional<CusumAlarm> CusumStep(CusumState& state, const CusumOptions& options, double value) {
  const std::size_t row = state.rows++;
  if (!state.monitoring) {
    state.baseline_values.push_back(value);
    if (state.baseline_values.size() >= options.baseline) FinishBaseline(state);
    return std::nullopt;
  }
  double z = (value - state.center) / state.scale;
  state.upper = PositivePart(state.upper + (z - options.k));
  state.lower = PositivePart(state.lower + (-z - options.k));
  const std::size_t upper_zero = state.upper == 0.0;
  const std::size_t lower_zero = state.lower == 0.0;
  state.upper_start += upper_zero * (row + 1 - state.upper_start);
  state.lower_start += lower_zero * (row + 1 - state.lower_start);
  bool up = state.upper > options.h;
  bool down = state.lower > options.h;
  if (!up && !down) [[likely]] return std::nullopt;
  if (up && down) up = state.upper >= state.lower;
  CusumAlarm alarm;
  alarm.alarm_row = row;
  alarm.start_row = up ? state.upper_start : state.lower_start;
  alarm.direction = up ? ChangeDirection::kUp : ChangeDirection::kDown;
  alarm.statistic = up ? state.upper : state.lower;
  alarm.center = state.center;
  alarm.scale = state.scale;
  double rows_since_start = static_cast<double>(row + 1 - alarm.start_row);
  alarm.shift_sd = (up ? 1.0 : -1.0) * (options.k + alarm.statistic / rows_since_start);
  StartBaseline(state);
  return alarm;
}

std::vector<CusumAlarm> RunCusum(std::span<const double> values, const CusumOptions& options) {
  CusumState state;
  std::vector<CusumAlarm> alarms;
  for (double value : values) {
    if (auto alarm = CusumStep(state, options, value)) alarms.push_back(*alarm);
  }
  return alarms;
}

double SiegmundTwoSidedArl(double k, double h) {
  double b = h + 1.166;
  double one_sided = (std::exp(2.0 * k * b) - 2.0 * k * b - 1.0) / (2.0 * k * k);
  return one_sided / 2.0;
}

}  // namespace kpiwatch::shift
