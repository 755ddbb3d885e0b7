// What the report route and the web view (/ui/) share: who may read them, how a browser
// authenticates (the session cookie), and HTML responses.
#pragma once

#include <string>
#include <vector>

#include "daemon/api/routes.h"
#include "daemon/report/indicator_history.h"

namespace kpiwatch::daemon {

// Auditor, controller and steward (and admin, always): everyone who reviews indicators.
const std::vector<Role>& ReaderRoles();

// Protect() for a read-only route that also accepts the session cookie
// (daemon/auth/session_cookie.h). With `html_refusals` a 401 is the sign-in page and a
// 403 an HTML page (status and WWW-Authenticate kept), for browsers; otherwise the JSON
// errors of the API.
http::Handler ProtectReading(const AccessControl& access, AuditLog& audit, ProtectedHandler handler,
                             bool html_refusals);

// An HTML page with the web view's headers: a Content-Security-Policy that allows no
// scripts or external assets, nosniff, no-store (pages carry audit data) and no framing.
http::Response HtmlResponse(int status, std::string html);

// The services a report is assembled from.
report::HistorySources HistorySourcesOf(const Services& services);

}  // namespace kpiwatch::daemon
