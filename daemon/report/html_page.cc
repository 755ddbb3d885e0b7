#include "daemon/report/html_page.h"

#include "daemon/report/text_format.h"

namespace kpiwatch::daemon::report {
namespace {

constexpr const char* kStyle = R"css(
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 10.5pt; color: #1a1a1a;
  margin: 0 auto; max-width: 1100px; padding: 1em 1.5em; line-height: 1.35; }
h1 { font-size: 1.6em; margin: 0.2em 0; } h2 { font-size: 1.25em; border-bottom: 2px solid #1f4e79;
  padding-bottom: 2px; margin-top: 1.4em; } h3 { font-size: 1.08em; margin: 1em 0 0.3em; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0 0.8em; }
th, td { border: 1px solid #bbb; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #eef2f7; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.meta th { width: 22%; }
.muted { color: #555; } .small { font-size: 0.9em; }
nav { margin-bottom: 0.6em; } nav a { margin-right: 1em; }
.status { display: inline-block; padding: 1px 7px; border-radius: 3px; border: 1px solid #888;
  font-size: 0.9em; white-space: nowrap; }
.status-cleared { background: #e3f1e3; border-color: #2e7d32; }
.status-needs_interpretation { background: #fff3d6; border-color: #b26a00; }
.status-under_review { background: #fde2e2; border-color: #b71c1c; font-weight: bold; }
.severity-critical { color: #b71c1c; font-weight: bold; } .severity-warning { color: #8a5300; }
.alert { border: 1px solid #bbb; border-left: 5px solid #b26a00; padding: 0.4em 0.8em; margin: 0.8em 0;
  break-inside: avoid; page-break-inside: avoid; }
.alert.alert-closed, .alert.alert-silenced { border-left-color: #888; }
.alert.alert-interpreted { border-left-color: #2e7d32; }
.interpretation { background: #f4f8f1; border: 1px dashed #2e7d32; padding: 0.3em 0.6em; margin: 0.4em 0; }
.explanation { margin: 0.3em 0; }
.unit { break-inside: avoid; page-break-inside: avoid; }
.audit-ok { color: #2e7d32; font-weight: bold; } .audit-broken { color: #b71c1c; font-weight: bold; }
form.filter { border: 1px solid #ccc; padding: 0.4em 0.6em; background: #f7f7f7; margin: 0.5em 0; }
form.filter label { margin-right: 0.8em; white-space: nowrap; }
svg.chart { width: 100%; height: auto; max-width: 1000px; display: block; margin: 0.3em 0; }
svg.chart text { font-size: 11px; fill: #333; font-family: inherit; }
svg.chart .frame { fill: none; stroke: #888; } svg.chart .grid { stroke: #e2e2e2; stroke-width: 1; }
svg.chart .tick { stroke: #888; }
svg.chart .series { fill: none; stroke: #1f4e79; stroke-width: 1.6; }
svg.chart .point { fill: #1f4e79; }
svg.chart .restated { fill: #fff; stroke: #c55a11; stroke-width: 1.8; }
svg.chart .restatement-link { stroke: #c55a11; stroke-width: 1; stroke-dasharray: 2 2; }
svg.chart .flagged { fill: #d62728; fill-opacity: 0.16; stroke: #d62728; stroke-opacity: 0.5;
  stroke-dasharray: 1 2; }
svg.chart .target { fill: none; stroke: #2e7d32; stroke-width: 1.5; stroke-dasharray: 8 4; }
svg.chart .definition-change { stroke: #7030a0; stroke-width: 1.5; stroke-dasharray: 3 3; }
svg.chart text.definition-label { fill: #7030a0; font-weight: bold; }
.legend span { margin-right: 1.2em; white-space: nowrap; }
.legend svg { vertical-align: middle; }
@media print {
  body { max-width: none; padding: 0; font-size: 9.5pt; }
  nav, form.filter, .no-print { display: none; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  svg.chart { max-width: 100%; }
  th { background: #eee !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .alert, .status, svg.chart { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
)css";

}  // namespace

std::string HtmlDocument(const std::string& title, const std::string& body) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<meta name=\"generator\" content=\"kpiwatchd\"><title>" +
         HtmlEscape(title) + "</title><style>" + kStyle + "</style></head><body>\n" + body + "\n</body></html>\n";
}

std::string LoginPage(const std::string& message) {
  return HtmlDocument(
      "kpiwatch: sign in",
      "<h1>kpiwatch</h1><p>" + HtmlEscape(message) +
          "</p><form method=\"post\" action=\"/ui/login\"><label>Token <input type=\"password\" name=\"token\" "
          "autocomplete=\"current-password\" required></label> <button type=\"submit\">Sign in</button></form>"
          "<p class=\"muted small\">An auditor, controller or steward token. It is kept in a cookie for this "
          "site only (HttpOnly, SameSite=Strict) until you sign out.</p>");
}

std::string MessagePage(const std::string& heading, const std::string& message) {
  return HtmlDocument("kpiwatch: " + heading, "<nav><a href=\"/ui/\">All indicators</a></nav><h1>" +
                                                  HtmlEscape(heading) + "</h1><p>" + HtmlEscape(message) + "</p>");
}

}  // namespace kpiwatch::daemon::report
