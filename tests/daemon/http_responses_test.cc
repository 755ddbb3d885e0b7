#include "daemon/http/responses.h"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace kpiwatch::http {
namespace {

boost::json::value Parse(const Response& response) { return boost::json::parse(response.body); }

TEST(HttpResponses, StatusMappingCoversEveryErrorCode) {
  const auto status_of = [](StatusCode code) { return HttpStatusFor(Status(code, "x")); };
  EXPECT_EQ(status_of(StatusCode::kInvalidArgument), 400);
  EXPECT_EQ(status_of(StatusCode::kNotFound), 404);
  EXPECT_EQ(status_of(StatusCode::kAlreadyExists), 409);
  EXPECT_EQ(status_of(StatusCode::kFailedPrecondition), 409);
  EXPECT_EQ(status_of(StatusCode::kUnauthenticated), 401);
  EXPECT_EQ(status_of(StatusCode::kPermissionDenied), 403);
  EXPECT_EQ(status_of(StatusCode::kResourceExhausted), 429);
  EXPECT_EQ(status_of(StatusCode::kUnavailable), 503);
  EXPECT_EQ(status_of(StatusCode::kIoError), 500);
  EXPECT_EQ(status_of(StatusCode::kCorruption), 500);
  EXPECT_EQ(status_of(StatusCode::kInternal), 500);
}

TEST(HttpResponses, ErrorFromStatusHasCodeMessageAndDetailsWithoutEmptyMembers) {
  const Status status = Status::InvalidArgument(
      "2 bad rows", {ErrorDetail{"batch.csv", 3, 14, "value", "not a number: 'x'"},
                     ErrorDetail{"", 7, 0, "", "period 2024-13 has no month 13"}});
  const Response response = ErrorResponse(status);
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_EQ(Parse(response), boost::json::parse(R"({"error": {
      "code": "invalid_argument", "message": "2 bad rows",
      "details": [
        {"file": "batch.csv", "line": 3, "column": 14, "field": "value",
         "reason": "not a number: 'x'"},
        {"line": 7, "reason": "period 2024-13 has no month 13"}]}})"));
}

TEST(HttpResponses, ErrorWithoutDetailsHasNoDetailsMember) {
  const Response response = ErrorResponse(Status::NotFound("no indicator 'x'"));
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(Parse(response),
            boost::json::parse(R"({"error": {"code": "not_found", "message": "no indicator 'x'"}})"));
}

TEST(HttpResponses, ExplicitErrorAndPayloadTooLarge) {
  const Response explicit_error = ErrorResponse(405, "method_not_allowed", "no");
  EXPECT_EQ(explicit_error.status, 405);
  EXPECT_EQ(Parse(explicit_error).at("error").at("code"), "method_not_allowed");

  const Response too_large = PayloadTooLargeResponse(1024);
  EXPECT_EQ(too_large.status, 413);
  EXPECT_EQ(Parse(too_large).at("error").at("code"), "payload_too_large");
  EXPECT_EQ(Parse(too_large).at("error").at("message"),
            "request body exceeds the limit of 1024 bytes");
}

TEST(HttpResponses, JsonAndTextResponses) {
  const Response json = JsonResponse(201, boost::json::object{{"id", "a"}});
  EXPECT_EQ(json.status, 201);
  EXPECT_EQ(json.body, R"({"id":"a"})");
  EXPECT_EQ(json.content_type, "application/json");

  const Response text = TextResponse(200, "ok\n");
  EXPECT_EQ(text.content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(TextResponse(200, "a,b\n", "text/csv").content_type, "text/csv");
}

}  // namespace
}  // namespace kpiwatch::http
