#include "daemon/http/responses.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace kpiwatch::http {

boost::json::object DetailJson(const ErrorDetail& detail) {
  boost::json::object out;
  if (!detail.file.empty()) out["file"] = detail.file;
  if (detail.line > 0) out["line"] = detail.line;
  if (detail.column > 0) out["column"] = detail.column;
  if (!detail.field.empty()) out["field"] = detail.field;
  if (!detail.reason.empty()) out["reason"] = detail.reason;
  return out;
}

namespace {

Response ErrorJson(int status, std::string_view code, std::string_view message,
                   const std::vector<ErrorDetail>& details) {
  boost::json::object error;
  error["code"] = code;
  error["message"] = message;
  if (!details.empty()) {
    boost::json::array list;
    for (const ErrorDetail& detail : details) list.push_back(DetailJson(detail));
    error["details"] = std::move(list);
  }
  boost::json::object root;
  root["error"] = std::move(error);
  return JsonResponse(status, root);
}

}  // namespace

Response JsonResponse(int status, const boost::json::value& value) {
  Response response;
  response.status = status;
  response.body = boost::json::serialize(value);
  return response;
}

Response TextResponse(int status, std::string body, std::string content_type) {
  Response response;
  response.status = status;
  response.content_type = std::move(content_type);
  response.body = std::move(body);
  return response;
}

int HttpStatusFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kAlreadyExists:
    case StatusCode::kFailedPrecondition: return 409;
    case StatusCode::kUnauthenticated: return 401;
    case StatusCode::kPermissionDenied: return 403;
    case StatusCode::kResourceExhausted: return 429;
    case StatusCode::kUnavailable: return 503;
    case StatusCode::kOk:
    case StatusCode::kIoError:
    case StatusCode::kCorruption:
    case StatusCode::kInternal: return 500;
  }
  return 500;
}

Response ErrorResponse(const Status& status) {
  return ErrorJson(HttpStatusFor(status), StatusCodeName(status.code()), status.message(),
                   status.details());
}

Response ErrorResponse(int status, std::string code, std::string message) {
  return ErrorJson(status, code, message, {});
}

Response PayloadTooLargeResponse(std::size_t limit_bytes) {
  return ErrorResponse(413, "payload_too_large",
                       "request body exceeds the limit of " + std::to_string(limit_bytes) +
                           " bytes");
}

Response InternalErrorResponse() {
  return ErrorResponse(500, "internal", "internal error; see the kpiwatchd log");
}

}  // namespace kpiwatch::http
