// Error values that cross module boundaries. Exceptions stay inside modules; public
// functions return Status or Result<T>, both [[nodiscard]].
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace oiis {

enum class ErrorCode {
  kOk = 0,
  kInvalidArgument,     // the caller's input is wrong; `field` names what
  kNotFound,            // a referenced entity does not exist
  kAlreadyExists,       // a unique key (sku, external id, ...) is taken
  kConflict,            // the request is valid but the state forbids it (e.g. short stock)
  kFailedPrecondition,  // an operation is not allowed in the entity's current state
  kUnauthenticated,
  kPermissionDenied,
  kPayloadTooLarge,
  kUnavailable,  // transient: retry may succeed
  kInternal,
};

// Short lowercase name used in JSON error bodies ("invalid_argument", ...).
const char* error_code_name(ErrorCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message, std::string field = {})
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  static Status ok() { return {}; }

  bool is_ok() const { return code_ == ErrorCode::kOk; }
  explicit operator bool() const { return is_ok(); }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // The input field the error is about ("lines[2].quantity"), empty when none applies.
  const std::string& field() const { return field_; }
  // "invalid_argument: quantity must be positive (field lines[0].quantity)"
  std::string to_string() const;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
  std::string field_;
};

inline Status invalid_argument(std::string message, std::string field = {}) {
  return {ErrorCode::kInvalidArgument, std::move(message), std::move(field)};
}
inline Status not_found(std::string message, std::string field = {}) {
  return {ErrorCode::kNotFound, std::move(message), std::move(field)};
}
inline Status already_exists(std::string message, std::string field = {}) {
  return {ErrorCode::kAlreadyExists, std::move(message), std::move(field)};
}
inline Status conflict(std::string message, std::string field = {}) {
  return {ErrorCode::kConflict, std::move(message), std::move(field)};
}
inline Status failed_precondition(std::string message, std::string field = {}) {
  return {ErrorCode::kFailedPrecondition, std::move(message), std::move(field)};
}
inline Status internal_error(std::string message) {
  return {ErrorCode::kInternal, std::move(message)};
}
inline Status unavailable(std::string message) {
  return {ErrorCode::kUnavailable, std::move(message)};
}

// Reading the value of a Result that holds an error is a bug in the caller. It aborts with the
// error in every build type (once shipped as silent undefined behaviour in release builds).
[[noreturn]] void die_on_missing_value(const Status& status);

// A value or the Status explaining why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    assert(!status_.is_ok() && "Result needs a value or an error");
  }

  bool is_ok() const { return value_.has_value(); }
  explicit operator bool() const { return is_ok(); }
  const Status& status() const { return status_; }

  T& value() & { return checked(); }
  const T& value() const& { return checked(); }
  T&& value() && { return std::move(checked()); }
  T* operator->() { return &checked(); }
  const T* operator->() const { return &checked(); }
  T& operator*() & { return checked(); }
  const T& operator*() const& { return checked(); }

 private:
  T& checked() {
    if (!value_) [[unlikely]] die_on_missing_value(status_);
    return *value_;
  }
  const T& checked() const {
    if (!value_) [[unlikely]] die_on_missing_value(status_);
    return *value_;
  }
  std::optional<T> value_;
  Status status_;
};

}  // namespace oiis

// Propagate an error Status from an expression returning Status.
#define OIIS_RETURN_IF_ERROR(expr)         \
  do {                                     \
    ::oiis::Status oiis_status_ = (expr);  \
    if (!oiis_status_.is_ok()) return oiis_status_; \
  } while (0)
