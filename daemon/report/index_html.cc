#include "daemon/report/index_html.h"

#include "daemon/http/message.h"
#include "daemon/report/html_page.h"
#include "daemon/report/text_format.h"
#include "rules/formats/timestamp.h"

namespace kpiwatch::daemon::report {

std::string RenderIndexHtml(const std::vector<IndicatorSummary>& indicators, std::chrono::sys_seconds now,
                            bool sign_out) {
  std::size_t needing = 0, under_review = 0;
  for (const IndicatorSummary& summary : indicators) {
    needing += summary.steering == SteeringStatus::kNeedsInterpretation;
    under_review += summary.steering == SteeringStatus::kUnderReview;
  }
  std::string body = "<nav><a href=\"/ui/\">All indicators</a>";
  if (sign_out) {
    body += "<form method=\"post\" action=\"/ui/logout\" style=\"display:inline\"><button type=\"submit\">Sign "
            "out</button></form>";
  }
  body += "</nav><h1>kpiwatch: indicators</h1><p class=\"small muted\">" + std::to_string(indicators.size()) +
          " indicators; " + std::to_string(needing) + " need interpretation, " + std::to_string(under_review) +
          " under review. As of " + HtmlEscape(FormatTimestamp(now)) + ".</p>";
  body += "<table class=\"indicators\"><tr><th>Indicator</th><th>Id</th><th>Owner team</th><th>Cadence</th>"
          "<th>Units</th><th>Steering status</th><th>Open alerts</th><th>All alerts</th></tr>";
  for (const IndicatorSummary& summary : indicators) {
    const Indicator& indicator = summary.indicator;
    std::string link = "/ui/indicators/" + http::PercentEncode(indicator.id);
    std::string steering = SteeringStatusName(summary.steering);
    body += "<tr class=\"indicator\"><td><a href=\"" + link + "\">" + HtmlEscape(indicator.name) + "</a></td><td><code>" +
            HtmlEscape(indicator.id) + "</code></td><td>" + HtmlEscape(indicator.owner_team) + "</td><td>" +
            HtmlEscape(CadenceName(indicator.cadence)) + "</td><td class=\"num\">" + std::to_string(summary.units) +
            "</td><td><span class=\"status status-" + steering + "\">" + steering + "</span></td><td class=\"num\">" +
            (summary.open_alerts > 0 ? "<a href=\"" + link + "?status=open\">" + std::to_string(summary.open_alerts) +
                                           "</a>"
                                     : "0") +
            "</td><td class=\"num\">" + std::to_string(summary.total_alerts) + "</td></tr>";
  }
  body += "</table>";
  return HtmlDocument("kpiwatch: indicators", body);
}

}  // namespace kpiwatch::daemon::report
