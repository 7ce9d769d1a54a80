// Status: the human-readable form used in logs and test failures.
#include "common/status.h"

namespace rsemu {

std::string Status::ToString() const {
  switch (code_) {
    case Code::kOk:
      return "OK";
    case Code::kNotFound:
      return "NotFound: " + message_;
    case Code::kInvalid:
      return "Invalid: " + message_;
    case Code::kConflict:
      return "Conflict: " + message_;
    case Code::kInternal:
      return "Internal: " + message_;
    case Code::kAwsError:
      return error_ + ": " + message_;
  }
  return "Unknown";
}

}  // namespace rsemu
