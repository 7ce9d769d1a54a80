// PolicyDocument: the checked AST of an IAM policy (identity or trust policy),
// produced once by ParsePolicy (policy_parser.h) and evaluated many times.
// Immutable after parsing; share it through std::shared_ptr<const PolicyDocument>.
// Thread-safety: immutable, safe to share across threads.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rsemu::authz {

enum class Effect { kAllow, kDeny };

// One condition: operator + key + values, e.g. "ForAnyValue:StringLikeIfExists"
// on "aws:TagKeys" with {"env*"}.
struct Condition {
  enum class SetQualifier { kNone, kForAnyValue, kForAllValues };
  std::string op;        // the full operator as written ("ForAnyValue:StringLikeIfExists")
  std::string base_op;   // without qualifier and IfExists ("StringLike")
  SetQualifier set = SetQualifier::kNone;
  bool if_exists = false;
  std::string key;        // as written ("aws:ResourceTag/environment"); matched case-insensitively
  std::vector<std::string> values;  // numbers and booleans kept as their JSON text
};

// Principal / NotPrincipal of a trust (resource-based) policy.
struct PrincipalSpec {
  bool everyone = false;                           // "Principal": "*" or {"AWS": "*"}
  std::map<std::string, std::vector<std::string>> ids;  // "AWS" / "Service" / "Federated" → values
};

struct Statement {
  size_t index = 0;  // position in the Statement array (0-based)
  std::string sid;   // may be empty
  Effect effect = Effect::kAllow;
  bool not_action = false;
  std::vector<std::string> actions;  // Action or NotAction entries
  bool has_resource = false;         // Resource or NotResource present
  bool not_resource = false;
  std::vector<std::string> resources;
  std::optional<PrincipalSpec> principal;  // Principal or NotPrincipal (trust policies)
  bool not_principal = false;
  std::vector<Condition> conditions;
};

struct PolicyDocument {
  std::string version;  // "2012-10-17" or "2008-10-17" (policy variables only in the former)
  std::string id;       // the optional top-level Id
  std::vector<Statement> statements;
};

using PolicyPtr = std::shared_ptr<const PolicyDocument>;

}  // namespace rsemu::authz
