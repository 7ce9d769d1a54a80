// AuthzRequest: everything one authorization decision looks at — the action, the
// resource ARN, the principal and the request context keys. A plain value: the
// evaluator never looks anything up (no SQLite, no clock).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace rsemu::authz {

// Context keys → values. Keys are stored lower-cased (IAM key names are
// case-insensitive); tag-key suffixes keep their case only in the values.
// A key that is absent differs from a key present with an empty list.
class ContextKeys {
 public:
  void Set(const std::string& key, std::vector<std::string> values);
  void Set(const std::string& key, std::string value) { Set(key, std::vector<std::string>{std::move(value)}); }
  // Null when absent.
  const std::vector<std::string>* Find(const std::string& key) const;
  const std::map<std::string, std::vector<std::string>>& all() const { return keys_; }

 private:
  std::map<std::string, std::vector<std::string>> keys_;
};

struct AuthzRequest {
  std::string action;    // "redshift:CreateCluster" (service prefix lower-case)
  std::string resource;  // an ARN, or "*" for actions without a resource type
  // The caller (also present as aws:PrincipalArn etc. in `context`).
  std::string principal_arn;
  std::string principal_account;
  bool principal_is_root = false;
  ContextKeys context;
};

}  // namespace rsemu::authz
