// Status and Result<T>: expected failures as values.
//
// Every fallible operation in Gongkai returns a Status (no value) or a
// Result<T> (a value or a Status). The codes carry domain meaning and are
// mapped to HTTP statuses once, in web/ (see web/http_status.cc).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace gk {

enum class Code {
  kOk = 0,
  kInvalidArgument,     // bad user input: 400
  kNotFound,            // 404
  kPermissionDenied,    // 403
  kUnauthenticated,     // 401 (or a redirect to the login page)
  kConflict,            // 409: already exists, concurrent change
  kFailedPrecondition,  // 409: the object is not in a state that allows it
  kTooLarge,            // 413
  kTooManyRequests,     // 429: throttled
  kOutOfRange,          // a date outside the working-day calendar, etc.
  kUnavailable,         // database down, retryable
  kInternal,            // a bug or an unexpected I/O failure
};

// Stable English name of a code, e.g. "InvalidArgument".
const char* CodeName(Code code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // "InvalidArgument: message"
  std::string ToString() const;

 private:
  Code code_ = Code::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string m) { return {Code::kInvalidArgument, std::move(m)}; }
inline Status NotFound(std::string m) { return {Code::kNotFound, std::move(m)}; }
inline Status PermissionDenied(std::string m) { return {Code::kPermissionDenied, std::move(m)}; }
inline Status Unauthenticated(std::string m) { return {Code::kUnauthenticated, std::move(m)}; }
inline Status Conflict(std::string m) { return {Code::kConflict, std::move(m)}; }
inline Status FailedPrecondition(std::string m) { return {Code::kFailedPrecondition, std::move(m)}; }
inline Status TooLarge(std::string m) { return {Code::kTooLarge, std::move(m)}; }
inline Status TooManyRequests(std::string m) { return {Code::kTooManyRequests, std::move(m)}; }
inline Status OutOfRange(std::string m) { return {Code::kOutOfRange, std::move(m)}; }
inline Status Unavailable(std::string m) { return {Code::kUnavailable, std::move(m)}; }
inline Status Internal(std::string m) { return {Code::kInternal, std::move(m)}; }

// A value of type T or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}  // NOLINT
  // REQUIRES: !status.ok() for the Status constructor (an OK status carries no value).

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace gk

#define GK_CONCAT_INNER(a, b) a##b
#define GK_CONCAT(a, b) GK_CONCAT_INNER(a, b)

// Returns the status from the enclosing function if `expr` is not OK.
#define RETURN_IF_ERROR(expr)                 \
  do {                                        \
    ::gk::Status gk_status_ = (expr);         \
    if (!gk_status_.ok()) return gk_status_;  \
  } while (0)

// `ASSIGN_OR_RETURN(auto x, F())` declares x from a Result or returns its status.
#define ASSIGN_OR_RETURN(lhs, expr) \
  GK_ASSIGN_OR_RETURN_IMPL(GK_CONCAT(gk_result_, __LINE__), lhs, expr)
#define GK_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.ok()) return tmp.status();            \
  lhs = std::move(tmp).value()
