#include "base/status.h"

namespace gk {

const char* CodeName(Code code) {
  switch (code) {
    case Code::kOk: return "OK";
    case Code::kInvalidArgument: return "InvalidArgument";
    case Code::kNotFound: return "NotFound";
    case Code::kPermissionDenied: return "PermissionDenied";
    case Code::kUnauthenticated: return "Unauthenticated";
    case Code::kConflict: return "Conflict";
    case Code::kFailedPrecondition: return "FailedPrecondition";
    case Code::kTooLarge: return "TooLarge";
    case Code::kTooManyRequests: return "TooManyRequests";
    case Code::kOutOfRange: return "OutOfRange";
    case Code::kUnavailable: return "Unavailable";
    case Code::kInternal: return "Internal";
  }
  return "Unknown";
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  return std::string(CodeName(code_)) + ": " + message_;
}

}  // namespace gk
