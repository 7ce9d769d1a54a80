// PolicyDocument: the checked AST of an IAM policy (identity or trust policy),
// produced once by ParsePolicy (policy_parser.h) and evaluated many times.
// Immutable after parsing; share it through std::shared_ptr<const PolicyDocument>.
// Thread-safety: immutable, safe to share across threads.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rsemu::authz {

enum class Effect { kAllow, kDeny };

// ---- Compiled forms -------------------------------------------------------
// ParsePolicy fills these next to the as-written fields so that evaluation
// never re-parses text, compares operator names or builds patterns per request.

// One piece of a policy string that may hold policy variables (§8).
struct TemplatePart {
  enum class Kind : uint8_t {
    kPattern,   // policy text: `*` and `?` are wildcards where wildcards apply
    kLiteral,   // `${*}`, `${?}`, `${$}`: always literal characters
    kVariable,  // `${key}` or `${key, 'default'}`: the request's value, literal
  };
  Kind kind = Kind::kPattern;
  std::string text;  // the text, or the lower-cased key of a variable
  bool has_default = false;
  bool multivalued_key = false;  // a kVariable naming a multivalued key (never has a value)
  std::string default_value;
};

// A policy string (resource part, condition value). `parts` is empty when the
// text has no variables (the common, fast case: match `text` directly).
struct PolicyString {
  std::string text;
  std::vector<TemplatePart> parts;
  bool has_variables() const { return !parts.empty(); }
};

// An entry of Action / NotAction, lower-cased at parse time.
struct ActionPattern {
  bool any = false;           // "*"
  bool never = false;         // contains white space: accepted, never matches (§4.2)
  bool literal = false;       // `name` has no wildcard: compare, don't glob
  size_t literal_prefix = 0;  // characters of `name` before its first wildcard
  std::string prefix;         // "redshift"
  std::string name;           // "describe*"
};

// An entry of Resource / NotResource split into its six ARN fields (§4.3).
// Missing trailing fields are "*". Variables only in the resource part.
struct ResourcePattern {
  enum class Field : uint8_t { kAny, kLiteral, kGlob };
  bool any = false;                  // "*"
  std::array<std::string, 5> head;   // "arn", partition, service, region, account
  std::array<Field, 5> head_kind{};  // how to compare each head field
  PolicyString resource;             // the sixth field (keeps further colons)
};

enum class ConditionOperator : uint8_t {
  kUnknown,  // an unknown operator with an empty body (accepted, ignored)
  kStringEquals,
  kStringNotEquals,
  kStringEqualsIgnoreCase,
  kStringNotEqualsIgnoreCase,
  kStringLike,
  kStringNotLike,
  // The Numeric* and Date* families keep the same order (conditions.cpp's
  // Compare relies on it).
  kNumericEquals,
  kNumericNotEquals,
  kNumericLessThan,
  kNumericLessThanEquals,
  kNumericGreaterThan,
  kNumericGreaterThanEquals,
  kDateEquals,
  kDateNotEquals,
  kDateLessThan,
  kDateLessThanEquals,
  kDateGreaterThan,
  kDateGreaterThanEquals,
  kBool,
  kBinaryEquals,
  kIpAddress,
  kNotIpAddress,
  kArnEquals,
  kArnLike,
  kArnNotEquals,
  kArnNotLike,
  kNull,
};

// An IPv4 or IPv6 network (bare addresses are /32 or /128).
struct IpNetwork {
  bool v6 = false;
  std::array<uint8_t, 16> bytes{};  // IPv4 uses the first 4
  int prefix = 0;
};

// One condition value, pre-parsed for its operator family.
struct ConditionValue {
  PolicyString text;       // string, ARN, Bool, Binary, Null operators
  bool valid = true;       // false: numeric/date/IP text that does not parse (never matches)
  long double number = 0;  // Numeric*
  int64_t millis = 0;      // Date*
  IpNetwork network;       // IpAddress / NotIpAddress
};

// One condition: operator + key + values, e.g. "ForAnyValue:StringLikeIfExists"
// on "aws:TagKeys" with {"env*"}.
struct Condition {
  enum class SetQualifier { kNone, kForAnyValue, kForAllValues };
  std::string op;       // the full operator as written ("ForAnyValue:StringLikeIfExists")
  std::string base_op;  // without qualifier and IfExists ("StringLike")
  SetQualifier set = SetQualifier::kNone;
  bool if_exists = false;
  std::string key;  // as written ("aws:ResourceTag/environment"); matched case-insensitively
  std::vector<std::string> values;  // numbers and booleans kept as their JSON text

  // Compiled (filled by ParsePolicy).
  ConditionOperator oper = ConditionOperator::kUnknown;
  std::string key_lower;                      // lookup key in ContextKeys
  bool multivalued_key = false;               // IAM documents the key as multivalued (aws:TagKeys)
  std::vector<ConditionValue> parsed_values;  // parallel to `values`
};

// Principal / NotPrincipal of a trust (resource-based) policy.
struct PrincipalSpec {
  bool everyone = false;                                // "Principal": "*" or {"AWS": "*"}
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

  // Compiled (filled by ParsePolicy).
  std::vector<ActionPattern> action_patterns;      // parallel to `actions`
  std::vector<ResourcePattern> resource_patterns;  // parallel to `resources`
};

struct PolicyDocument {
  std::string version;  // "2012-10-17" or "2008-10-17" (policy variables only in the former);
                        // empty when absent (evaluated as 2008-10-17)
  std::string id;       // the optional top-level Id
  std::vector<Statement> statements;
};

using PolicyPtr = std::shared_ptr<const PolicyDocument>;

}  // namespace rsemu::authz
