#include "common/status.h"

#include <cstdio>
#include <cstdlib>

namespace oiis {

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return "ok";
    case ErrorCode::kInvalidArgument: return "invalid_argument";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kAlreadyExists: return "already_exists";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kFailedPrecondition: return "failed_precondition";
    case ErrorCode::kUnauthenticated: return "unauthenticated";
    case ErrorCode::kPermissionDenied: return "permission_denied";
    case ErrorCode::kPayloadTooLarge: return "payload_too_large";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kInternal: return "internal";
  }
  return "unknown";
}

std::string Status::to_string() const {
  if (is_ok()) return "ok";
  std::string s = std::string(error_code_name(code_)) + ": " + message_;
  if (!field_.empty()) s += " (field " + field_ + ")";
  return s;
}

void die_on_missing_value(const Status& status) {
  std::fprintf(stderr, "fatal: Result::value() read without a value: %s\n",
               status.to_string().c_str());
  std::abort();
}

}  // namespace oiis
