// Status and Result<T>: how every expected failure travels in rsemu.
//
// A Status is either ok or carries a code plus, for AWS errors, the error's name
// (a model error shape such as "ClusterNotFoundFault", or a common AWS code such
// as "InvalidParameterValue") and a message for the client. Exceptions from
// Boost, SQLite or RapidJSON are caught where those libraries are called and
// turned into a Status there; nothing throws across module boundaries.
// Thread-safety: values; safe to copy and move between threads.
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace rsemu {

class Status {
 public:
  enum class Code { kOk, kNotFound, kInvalid, kConflict, kInternal, kAwsError };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status NotFound(std::string message) {
    return Status(Code::kNotFound, "", std::move(message));
  }
  static Status Invalid(std::string message) {
    return Status(Code::kInvalid, "", std::move(message));
  }
  static Status Conflict(std::string message) {
    return Status(Code::kConflict, "", std::move(message));
  }
  static Status Internal(std::string message) {
    return Status(Code::kInternal, "", std::move(message));
  }
  // An error the client sees as is: `error` is a model error shape name
  // ("ClusterNotFoundFault") or a common AWS error code ("InvalidParameterValue").
  static Status AwsError(std::string error, std::string message) {
    return Status(Code::kAwsError, std::move(error), std::move(message));
  }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  bool IsNotFound() const { return code_ == Code::kNotFound; }
  bool IsConflict() const { return code_ == Code::kConflict; }
  bool IsAwsError() const { return code_ == Code::kAwsError; }
  // The AWS error name (empty unless IsAwsError()).
  const std::string& error() const { return error_; }
  const std::string& message() const { return message_; }
  std::string ToString() const;

 private:
  Status(Code code, std::string error, std::string message)
      : code_(code), error_(std::move(error)), message_(std::move(message)) {}

  Code code_ = Code::kOk;
  std::string error_;
  std::string message_;
};

// A value or the Status that explains why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}  // NOLINT: implicit by design

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace rsemu

// Returns early from the enclosing function when `expr` yields a non-ok Status.
#define RSEMU_RETURN_IF_ERROR(expr)                \
  do {                                             \
    ::rsemu::Status rsemu_status_ = (expr);        \
    if (!rsemu_status_.ok()) return rsemu_status_; \
  } while (0)

#define RSEMU_CONCAT_INNER(a, b) a##b
#define RSEMU_CONCAT(a, b) RSEMU_CONCAT_INNER(a, b)
// Declares `lhs` from a Result<T> expression, or returns its Status.
#define RSEMU_ASSIGN_OR_RETURN(lhs, expr) \
  RSEMU_ASSIGN_OR_RETURN_IMPL(RSEMU_CONCAT(rsemu_result_, __LINE__), lhs, expr)
#define RSEMU_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp.ok()) return tmp.status();               \
  lhs = std::move(tmp).value()
