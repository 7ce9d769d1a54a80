// FormParams: an awsQuery request's parameters — the form-encoded body merged
// with the query string — decoded (percent-escapes, '+' as space) and sorted by
// key for prefix lookups.
//
// Errors: MalformedQueryString for bad percent-encoding or a key given twice.
// Thread-safety: a plain value.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace rsemu::api {

class FormParams {
 public:
  // Parses `body` (application/x-www-form-urlencoded) and `query` (the part of
  // the target after '?'); either may be empty.
  static Result<FormParams> Parse(std::string_view body, std::string_view query);

  // The value of `key`, or null when absent.
  const std::string* Find(std::string_view key) const;
  // True when `key` is present or some key starts with `key` + ".".
  bool HasPrefix(std::string_view key) const;
  const std::vector<std::pair<std::string, std::string>>& entries() const { return entries_; }

 private:
  std::vector<std::pair<std::string, std::string>> entries_;  // sorted by key, unique
};

}  // namespace rsemu::api
