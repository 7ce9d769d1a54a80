// AuthzRequest: everything one authorization decision looks at — the action, the
// resource ARN, the principal and the request context keys. A plain value: the
// evaluator never looks anything up (no SQLite, no clock).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace rsemu::authz {

// Context keys → values. Keys are stored lower-cased (IAM key names are
// case-insensitive); tag-key suffixes keep their case only in the values.
// A key that is absent differs from a key present with an empty list.
class ContextKeys {
 public:
  void Set(const std::string& key, std::vector<std::string> values);
  void Set(const std::string& key, std::string value) {
    Set(key, std::vector<std::string>{std::move(value)});
  }
  // Null when absent.
  const std::vector<std::string>* Find(const std::string& key) const;
  // Same, for a key that is already lower-cased (no allocation).
  const std::vector<std::string>* FindLowered(const std::string& lower_key) const;
  // Multivalued keys (aws:TagKeys and other ArrayOf* keys, or any key set with a
  // number of values other than one) need ForAnyValue/ForAllValues (§7.3) and
  // cannot be used as policy variables (§8.3).
  bool IsMultiValued(const std::string& lower_key) const;
  // Whether IAM documents `lower_key` as multivalued (ArrayOf*), whatever the request holds.
  static bool IsMultiValuedKeyName(std::string_view lower_key);
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
