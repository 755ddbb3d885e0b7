// The token of the web view (/ui/) kept in a cookie, since a browser reading plain pages
// (no JavaScript) cannot send an Authorization header.
//
// POST /ui/login sets the cookie kpiwatch_token (the token percent-encoded; HttpOnly,
// SameSite=Strict, Path=/), POST /ui/logout clears it. Only the read-only GET routes of
// the web view and the report route accept it (WithCookieBearer); every other route still
// needs the header, so a forged cross-site request cannot change anything.
#pragma once

#include <optional>
#include <string>

#include "daemon/http/message.h"

namespace kpiwatch::daemon {

inline constexpr const char* kSessionCookieName = "kpiwatch_token";

// The token in the request's kpiwatch_token cookie (decoded); nullopt when there is none.
std::optional<std::string> CookieToken(const http::Request& request);

// `request` with "Authorization: Bearer <cookie token>" when it has no Authorization
// header but the cookie; otherwise unchanged.
http::Request WithCookieBearer(http::Request request);

// Whether a form post comes from a page of this daemon: browsers send Origin with every
// POST, and one naming another site than Host is a cross-site post (e.g. signing a victim in
// with an attacker's token), to be refused. Without Origin (curl, old browsers): true.
bool IsSameSiteFormPost(const http::Request& request);

// Set-Cookie values that store `token` and that remove it. `secure` (the daemon serves
// HTTPS) adds the Secure attribute, so the browser never sends the token over plain HTTP.
std::string SessionCookie(const std::string& token, bool secure);
std::string ClearedSessionCookie();

}  // namespace kpiwatch::daemon
