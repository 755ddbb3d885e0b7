// The indicator history as one self-contained HTML page (inline CSS and SVG, no scripts):
// the file `kpiwatch report` writes and the page /ui/indicators/{id} serves.
#pragma once

#include <string>

#include "daemon/report/indicator_history.h"

namespace kpiwatch::daemon::report {

struct HistoryPageOptions {
  // Served under /ui/: adds navigation, the alert filter form (a plain GET form) and links
  // to the CSV and JSON exports. Off for the standalone report file.
  bool web = false;
  // Access control is on: the page offers signing out (a POST form).
  bool sign_out = false;
};

// Sections: definition and metadata (with earlier definitions and catalogue changes), one
// chart and restatement table per unit, the alerts (finding, explanation, questions,
// interpretation, transitions), the rule-set versions, the audit-chain status.
// Everything taken from the history is HTML-escaped.
std::string RenderHistoryHtml(const IndicatorHistory& history, const HistoryPageOptions& options = {});

}  // namespace kpiwatch::daemon::report
