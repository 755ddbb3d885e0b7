// Building Responses: JSON bodies, plain text, and the one JSON error shape
//   {"error": {"code": "invalid_argument", "message": "...",
//              "details": [{"file", "line", "column", "field", "reason"}]}}
// with empty/zero members left out. HttpStatusFor() is the one mapping from a
// StatusCode to an HTTP status; every handler goes through it.
#pragma once

#include <cstddef>
#include <string>

#include <boost/json/value.hpp>

#include "daemon/http/message.h"
#include "detectors/core/status.h"

namespace kpiwatch::http {

// One ErrorDetail as in the error shape above (also used for validation warnings).
boost::json::object DetailJson(const ErrorDetail& detail);

// `value` serialized as the body, content type application/json.
Response JsonResponse(int status, const boost::json::value& value);

// A non-JSON body (text, CSV, Prometheus exposition, HTML, ...).
Response TextResponse(int status, std::string body,
                      std::string content_type = "text/plain; charset=utf-8");

// invalid_argument 400, not_found 404, already_exists/failed_precondition 409,
// unauthenticated 401, permission_denied 403, resource_exhausted 429, unavailable 503,
// io_error/corruption/internal (and ok, which is not an error) 500.
int HttpStatusFor(const Status& status);

// The JSON error for a failed Status; HTTP status from HttpStatusFor, code from
// StatusCodeName, one "details" entry per ErrorDetail.
Response ErrorResponse(const Status& status);

// A JSON error with an explicit HTTP status and code, e.g. (405, "method_not_allowed", ...).
Response ErrorResponse(int status, std::string code, std::string message);

// 413 "payload_too_large": the request body is over `limit_bytes`. Use this (not a
// resource_exhausted Status, which maps to 429) when a body is refused for its size.
Response PayloadTooLargeResponse(std::size_t limit_bytes);

// 500 "internal" with a generic message (the details go to the log, not the client).
Response InternalErrorResponse();

}  // namespace kpiwatch::http
