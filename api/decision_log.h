// DecisionLog: the recent authorization decisions with their reasons, kept in a
// bounded ring (oldest dropped first) for GET /_emulator/decisions.
// Thread-safety: all methods are internally locked.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace rsemu::api {

struct DecisionRecord {
  int64_t time_millis = 0;
  std::string request_id;
  std::string principal_arn;
  std::string action;
  std::string resource;
  std::string decision;                          // Allow | ExplicitDeny | ImplicitDeny
  std::string mode;                              // enforce | soft
  bool enforced = true;                          // false when soft mode let a denial through
  std::vector<std::string> deciding_statements;  // "policy-id#sid-or-index (Allow|Deny)"
  std::vector<std::string> failed_conditions;
  std::vector<std::string> missing_context_keys;
  std::vector<std::string> context_keys;  // the request context keys present
};

struct DecisionFilter {
  std::string principal;  // exact principal ARN; empty = any
  std::string decision;   // Allow / ExplicitDeny / ImplicitDeny / Deny (either); empty = any
  int64_t since_millis = 0;
  size_t limit = 1000;
};

class DecisionLog {
 public:
  // 2,000 records: a denied request by a principal with many conditional
  // policies records every failed condition (kilobytes per record), and 10,000
  // such records held about 100 MB.
  explicit DecisionLog(size_t capacity = 2000) : capacity_(capacity) {}
  void Add(DecisionRecord record);
  std::vector<DecisionRecord> Query(const DecisionFilter& filter) const;
  // {"decisions": [...]} newest last.
  std::string ToJson(const DecisionFilter& filter) const;
  void Clear();

 private:
  size_t capacity_;
  mutable std::mutex mutex_;
  std::deque<DecisionRecord> records_;  // GUARDED_BY(mutex_)
};

}  // namespace rsemu::api
