// The shell of every kpiwatch HTML page: a self-contained document (inline CSS, no
// scripts, no external assets) that reads on screen and prints on A4; and the small
// pages of the web view (sign-in, refusal).
#pragma once

#include <string>

namespace kpiwatch::daemon::report {

// A complete HTML document with `title` (escaped here) and `body` (HTML, already escaped).
std::string HtmlDocument(const std::string& title, const std::string& body);

// The sign-in page of /ui/: a form POSTing the token to /ui/login. `message` (escaped
// here) says why it is shown, e.g. "unknown token".
std::string LoginPage(const std::string& message);

// A page saying the request was refused or failed: `heading` and `message` (escaped here).
std::string MessagePage(const std::string& heading, const std::string& message);

}  // namespace kpiwatch::daemon::report
