// PolicyParser: policy JSON text → checked PolicyDocument, or AWS's
// MalformedPolicyDocument with a message that says what is wrong and where:
// the JSON path ("/Statement/1/Condition") and, for JSON syntax errors, the
// line and column (e.g. the seed's examples, which miss a comma).
// Thread-safety: pure functions.
#pragma once

#include <string_view>

#include "authz/policy.h"
#include "common/status.h"

namespace rsemu::authz {

enum class PolicyKind {
  kIdentity,  // no Principal/NotPrincipal allowed; Resource/NotResource required
  kTrust,     // a role's trust policy: Principal/NotPrincipal required; no Resource
};

// Errors: Status::AwsError("MalformedPolicyDocument", message).
Result<PolicyPtr> ParsePolicy(std::string_view json, PolicyKind kind);

}  // namespace rsemu::authz
