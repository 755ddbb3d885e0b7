// Status and Result<T>: errors as values, carrying what failed and where.
//
// Every layer returns these instead of throwing; exceptions are caught at the
// boundaries (HTTP handlers, CLI main, parsers of third-party formats) and turned
// into a Status. A Status may carry ErrorDetails: one per offending spot
// (file, line, column, field, reason), so a parser can report every error at once.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace kpiwatch {

// One offending spot in an input: a CSV row, a YAML node, a JSON field.
// line/column are 1-based; 0 means "not known / not applicable".
struct ErrorDetail {
  std::string file;
  int line = 0;
  int column = 0;
  std::string field;
  std::string reason;

  // "file:line:column: field: reason", leaving out the parts that are unknown.
  std::string ToString() const;
};

enum class StatusCode {
  kOk,
  kInvalidArgument,     // bad input from the caller (HTTP 400)
  kNotFound,            // HTTP 404
  kAlreadyExists,       // HTTP 409
  kFailedPrecondition,  // state does not allow it (HTTP 409)
  kUnauthenticated,     // HTTP 401
  kPermissionDenied,    // HTTP 403
  kResourceExhausted,   // over a limit or overloaded (HTTP 413/429/503 by context)
  kUnavailable,         // try again later (HTTP 503)
  kIoError,             // storage or file system failed (HTTP 500)
  kCorruption,          // stored data is damaged
  kInternal,            // a bug (HTTP 500)
};

// Name of a code as used in JSON errors: "invalid_argument", "not_found", ...
const char* StatusCodeName(StatusCode code);

class Status {
 public:
  Status() = default;  // ok
  Status(StatusCode code, std::string message, std::vector<ErrorDetail> details = {})
      : code_(code), message_(std::move(message)), details_(std::move(details)) {}

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string message, std::vector<ErrorDetail> details = {}) {
    return Status(StatusCode::kInvalidArgument, std::move(message), std::move(details));
  }
  static Status NotFound(std::string message) {
    return Status(StatusCode::kNotFound, std::move(message));
  }
  static Status FailedPrecondition(std::string message) {
    return Status(StatusCode::kFailedPrecondition, std::move(message));
  }
  static Status IoError(std::string message) {
    return Status(StatusCode::kIoError, std::move(message));
  }
  static Status Internal(std::string message) {
    return Status(StatusCode::kInternal, std::move(message));
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::vector<ErrorDetail>& details() const { return details_; }

  // The message, then one line per detail ("file:line:column: field: reason").
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::vector<ErrorDetail> details_;
};

// A value or the Status saying why there is none. Construct from either.
template <typename T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : state_(std::move(status)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(state_); }
  // The error; an ok Status when there is a value. The reference lives as long as
  // this Result (or forever, for the ok case).
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(state_);
  }

  // Precondition: ok().
  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace kpiwatch
