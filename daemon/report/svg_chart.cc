#include "daemon/report/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <vector>

#include "daemon/report/text_format.h"

namespace kpiwatch::daemon::report {
namespace {

constexpr double kLeft = 64, kRight = 16, kTop = 24, kBottom = 44;
constexpr double kPlotWidth = kChartWidth - kLeft - kRight;
constexpr double kPlotHeight = kChartHeight - kTop - kBottom;
constexpr int kMaxXLabels = 12;

std::string Coord(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

// A step of 1, 2 or 5 times a power of ten giving about `ticks` intervals over `range`.
double NiceStep(double range, int ticks) {
  double raw = range / ticks;
  double power = std::pow(10.0, std::floor(std::log10(raw)));
  double fraction = raw / power;
  double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

// The period an alert flags on a chart of `cadence`: its finding's period, else the end of
// its window; nullopt when neither parses to that cadence.
std::optional<Period> FlaggedPeriod(const Alert& alert, Cadence cadence) {
  for (const std::string* text : {&alert.finding.period, &alert.finding.window_end_period}) {
    Result<Period> period = Period::Parse(*text);
    if (period.ok() && period->cadence() == cadence) return *period;
  }
  return std::nullopt;
}

class Scale {
 public:
  Scale(std::int64_t first, std::int64_t last, double low, double high)
      : first_(first), last_(last), low_(low), high_(high) {}
  double X(std::int64_t ordinal) const {
    if (last_ == first_) return kLeft + kPlotWidth / 2;
    return kLeft + kPlotWidth * static_cast<double>(ordinal - first_) / static_cast<double>(last_ - first_);
  }
  double Y(double value) const { return kTop + kPlotHeight * (high_ - value) / (high_ - low_); }
  // Half the distance between two periods (the width of a flagged band's halves).
  double HalfStep() const {
    return last_ == first_ ? kPlotWidth / 4 : kPlotWidth / static_cast<double>(last_ - first_) / 2;
  }
  bool Contains(std::int64_t ordinal) const { return ordinal >= first_ && ordinal <= last_; }
  std::int64_t first() const { return first_; }
  std::int64_t last() const { return last_; }
  double low() const { return low_; }
  double high() const { return high_; }

 private:
  std::int64_t first_, last_;
  double low_, high_;
};

Scale MakeScale(const Indicator& indicator, const UnitHistory& unit) {
  std::int64_t first = std::numeric_limits<std::int64_t>::max(), last = std::numeric_limits<std::int64_t>::min();
  double low = std::numeric_limits<double>::infinity(), high = -low;
  auto add = [&](const Period& period, double value) {
    first = std::min(first, period.ordinal());
    last = std::max(last, period.ordinal());
    if (std::isfinite(value)) {
      low = std::min(low, value);
      high = std::max(high, value);
    }
  };
  for (const store::SeriesPoint& point : unit.points) add(point.period, point.point.value);
  for (const store::RevisionRecord& record : unit.restatements) add(record.period, record.revision.replaced.value);
  if (indicator.target) {
    low = std::min(low, indicator.target->value);
    high = std::max(high, indicator.target->value);
  }
  if (!std::isfinite(low)) low = 0, high = 1;
  if (high - low < 1e-9) low -= 1, high += 1;
  double pad = (high - low) * 0.08;
  double step = NiceStep(high - low + 2 * pad, 5);
  return Scale(first, last, std::floor((low - pad) / step) * step, std::ceil((high + pad) / step) * step);
}

// Periods between x labels: the smallest calendar-friendly step (a quarter, half year, year
// for months; ...) that leaves at most kMaxXLabels labels. Labels sit on multiples of the
// step, so monthly labels fall on January (and July, ...).
std::int64_t LabelStep(Cadence cadence, std::int64_t span) {
  static const std::vector<std::int64_t> kDays = {1, 7, 14, 28, 91, 182, 364, 728, 1820};
  static const std::vector<std::int64_t> kWeeks = {1, 2, 4, 13, 26, 52, 104, 260};
  static const std::vector<std::int64_t> kMonths = {1, 2, 3, 6, 12, 24, 60, 120};
  static const std::vector<std::int64_t> kQuarters = {1, 2, 4, 8, 20, 40};
  static const std::vector<std::int64_t> kYears = {1, 2, 5, 10, 20, 50, 100};
  const std::vector<std::int64_t>& steps = cadence == Cadence::kDay       ? kDays
                                           : cadence == Cadence::kWeek    ? kWeeks
                                           : cadence == Cadence::kMonth   ? kMonths
                                           : cadence == Cadence::kQuarter ? kQuarters
                                                                          : kYears;
  for (std::int64_t step : steps) {
    if ((span + step - 1) / step <= kMaxXLabels) return step;
  }
  return (span + kMaxXLabels - 1) / kMaxXLabels;
}

void Axes(std::string& svg, const Scale& scale, Cadence cadence) {
  double step = NiceStep(scale.high() - scale.low(), 5);
  svg += "<g class=\"axis\">";
  for (double tick = scale.low(); tick <= scale.high() + step / 2; tick += step) {
    std::string y = Coord(scale.Y(tick));
    svg += "<line class=\"grid\" x1=\"" + Coord(kLeft) + "\" x2=\"" + Coord(kLeft + kPlotWidth) + "\" y1=\"" + y +
           "\" y2=\"" + y + "\"/>";
    svg += "<text x=\"" + Coord(kLeft - 6) + "\" y=\"" + y + "\" text-anchor=\"end\" dy=\"0.35em\">" +
           HtmlEscape(FormatNumber(std::abs(tick) < step * 1e-9 ? 0.0 : tick, '.', 6)) + "</text>";
  }
  std::int64_t label_step = LabelStep(cadence, scale.last() - scale.first() + 1);
  std::int64_t first_label = scale.first() + (label_step - scale.first() % label_step) % label_step;
  if (label_step == 1 || first_label > scale.last()) first_label = scale.first();
  for (std::int64_t ordinal = first_label; ordinal <= scale.last(); ordinal += label_step) {
    std::string x = Coord(scale.X(ordinal));
    svg += "<line class=\"tick\" x1=\"" + x + "\" x2=\"" + x + "\" y1=\"" + Coord(kTop + kPlotHeight) + "\" y2=\"" +
           Coord(kTop + kPlotHeight + 4) + "\"/>";
    svg += "<text x=\"" + x + "\" y=\"" + Coord(kTop + kPlotHeight + 18) + "\" text-anchor=\"middle\">" +
           HtmlEscape(Period::FromOrdinal(cadence, ordinal).ToString()) + "</text>";
  }
  svg += "<rect class=\"frame\" x=\"" + Coord(kLeft) + "\" y=\"" + Coord(kTop) + "\" width=\"" + Coord(kPlotWidth) +
         "\" height=\"" + Coord(kPlotHeight) + "\"/></g>";
}

void FlaggedBands(std::string& svg, const IndicatorHistory& history, const UnitHistory& unit, const Scale& scale) {
  for (const Alert& alert : history.alerts) {
    if (!AlertConcernsUnit(alert, unit.unit)) continue;
    std::optional<Period> period = FlaggedPeriod(alert, history.indicator.cadence);
    if (!period || !scale.Contains(period->ordinal())) continue;
    // The period's width, clipped to the plot at the first and last period.
    double x0 = std::max(kLeft, scale.X(period->ordinal()) - scale.HalfStep());
    double x1 = std::min(kLeft + kPlotWidth, scale.X(period->ordinal()) + scale.HalfStep());
    svg += "<rect class=\"flagged severity-" + std::string(SeverityName(alert.severity)) + "\" x=\"" + Coord(x0) +
           "\" y=\"" + Coord(kTop) + "\" width=\"" + Coord(x1 - x0) + "\" height=\"" +
           Coord(kPlotHeight) + "\"><title>" +
           HtmlEscape("alert #" + std::to_string(alert.id) + " " + alert.rule + " (" +
                      AlertStatusName(alert.status) + "): " + period->ToString()) +
           "</title></rect>";
  }
}

void DefinitionChanges(std::string& svg, const Indicator& indicator, const Scale& scale) {
  for (std::size_t i = 0; i < indicator.definition_changes.size(); ++i) {
    const Period& period = indicator.definition_changes[i];
    if (period.cadence() != indicator.cadence || !scale.Contains(period.ordinal())) continue;
    std::string x = Coord(scale.X(period.ordinal()) - scale.HalfStep());
    std::string label = "definition v" + std::to_string(i + 2) + " from " + period.ToString();
    svg += "<line class=\"definition-change\" x1=\"" + x + "\" x2=\"" + x + "\" y1=\"" + Coord(kTop) + "\" y2=\"" +
           Coord(kTop + kPlotHeight) + "\"><title>" + HtmlEscape(label) + "</title></line>";
    svg += "<text class=\"definition-label\" x=\"" + x + "\" y=\"" + Coord(kTop - 6) +
           "\" text-anchor=\"middle\">" + HtmlEscape("v" + std::to_string(i + 2)) + "</text>";
  }
}

void TargetLine(std::string& svg, const Indicator& indicator, const Scale& scale) {
  if (!indicator.target) return;
  const Target& target = *indicator.target;
  double x0 = kLeft;
  if (target.valid_from && target.valid_from->cadence() == indicator.cadence) {
    if (target.valid_from->ordinal() > scale.last()) return;
    if (target.valid_from->ordinal() > scale.first()) x0 = scale.X(target.valid_from->ordinal());
  }
  std::string y = Coord(scale.Y(target.value));
  svg += "<path class=\"target\" d=\"M" + Coord(x0) + " " + y + "H" + Coord(kLeft + kPlotWidth) + "\"><title>" +
         HtmlEscape(std::string("target ") + ComparatorName(target.comparator) + " " + FormatNumber(target.value) +
                    (target.valid_from ? " from " + target.valid_from->ToString() : "")) +
         "</title></path>";
}

void Series(std::string& svg, const UnitHistory& unit, const Scale& scale) {
  std::string path;
  std::optional<std::int64_t> previous;
  for (const store::SeriesPoint& point : unit.points) {
    if (!std::isfinite(point.point.value)) continue;
    bool joined = previous && point.period.ordinal() == *previous + 1;
    path += (joined ? "L" : "M") + Coord(scale.X(point.period.ordinal())) + " " + Coord(scale.Y(point.point.value));
    previous = point.period.ordinal();
  }
  if (!path.empty()) svg += "<path class=\"series\" d=\"" + path + "\"/>";
  for (const store::RevisionRecord& record : unit.restatements) {
    double old_value = record.revision.replaced.value;
    double new_value = record.revision.new_value;
    if (!std::isfinite(old_value)) continue;
    std::string x = Coord(scale.X(record.period.ordinal()));
    if (std::isfinite(new_value)) {
      svg += "<line class=\"restatement-link\" x1=\"" + x + "\" x2=\"" + x + "\" y1=\"" + Coord(scale.Y(old_value)) +
             "\" y2=\"" + Coord(scale.Y(new_value)) + "\"/>";
    }
    svg += "<circle class=\"restated\" cx=\"" + x + "\" cy=\"" + Coord(scale.Y(old_value)) + "\" r=\"4.5\"><title>" +
           HtmlEscape(record.period.ToString() + ": restated from " + FormatNumber(old_value) + " to " +
                      FormatNumber(new_value)) +
           "</title></circle>";
  }
  for (const store::SeriesPoint& point : unit.points) {
    if (!std::isfinite(point.point.value)) continue;
    svg += "<circle class=\"point\" cx=\"" + Coord(scale.X(point.period.ordinal())) + "\" cy=\"" +
           Coord(scale.Y(point.point.value)) + "\" r=\"3\"><title>" +
           HtmlEscape(point.period.ToString() + ": " + FormatNumber(point.point.value)) + "</title></circle>";
  }
}

}  // namespace

std::string RenderUnitChart(const IndicatorHistory& history, const UnitHistory& unit) {
  std::string label = history.indicator.name + " (" + history.indicator.id + ") — " + unit.unit;
  std::string svg = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
                    std::to_string(kChartWidth) + " " + std::to_string(kChartHeight) +
                    "\" width=\"100%\" preserveAspectRatio=\"xMidYMid meet\" role=\"img\" aria-label=\"" +
                    HtmlEscape(label) + "\"><title>" + HtmlEscape(label) + "</title>";
  if (unit.points.empty() && unit.restatements.empty()) {
    svg += "<text x=\"" + Coord(kChartWidth / 2.0) + "\" y=\"" + Coord(kChartHeight / 2.0) +
           "\" text-anchor=\"middle\">no observations in this range</text></svg>";
    return svg;
  }
  Scale scale = MakeScale(history.indicator, unit);
  Axes(svg, scale, history.indicator.cadence);
  FlaggedBands(svg, history, unit, scale);
  DefinitionChanges(svg, history.indicator, scale);
  TargetLine(svg, history.indicator, scale);
  Series(svg, unit, scale);
  svg += "</svg>";
  return svg;
}

}  // namespace kpiwatch::daemon::report
