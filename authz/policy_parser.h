// PolicyParser: policy JSON text → checked PolicyDocument, or AWS's
// MalformedPolicyDocument with a message that says what is wrong and where:
// the JSON path ("/Statement/1/Condition") and, for JSON syntax errors, the
// line and column (e.g. the seed's examples, which miss a comma).
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "authz/policy.h"
#include "common/status.h"

namespace rsemu::authz {

enum class PolicyKind {
  kIdentity,  // no Principal/NotPrincipal allowed; Resource/NotResource required
  kTrust,     // a role's trust policy: Principal/NotPrincipal required; no Resource
};

// Errors: Status::AwsError("MalformedPolicyDocument", message).
// Missing Version and "2008-10-17" are accepted (evaluated with 2008 semantics:
// no policy variables); no size limit is checked. JSON nested deeper than 32
// levels is refused before it is parsed.
Result<PolicyPtr> ParsePolicy(std::string_view json, PolicyKind kind);

// What the storing operation adds to the checks (§2.2, §3).
struct ParseOptions {
  // CreatePolicy / CreatePolicyVersion: Version must be 2012-10-17.
  bool require_current_version = false;
  // When non-zero, the document (counted without white space) may hold at most
  // this many characters; otherwise LimitExceeded "Cannot exceed quota for
  // <size_quota_name>: <max_size>" (e.g. PolicySize 6144, ACLSizePerRole 2048).
  size_t max_size = 0;
  std::string size_quota_name = "PolicySize";
};
Result<PolicyPtr> ParsePolicy(std::string_view json, PolicyKind kind, const ParseOptions& options);

// The size IAM counts for a policy document: characters other than white space.
size_t PolicySizeWithoutWhitespace(std::string_view json);

}  // namespace rsemu::authz
