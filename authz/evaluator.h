// Evaluator: AWS's decision for one (principal, action, resource, context) —
// explicit Deny wins, then Allow, else the implicit deny — with diagnostics that
// explain it (the deciding statements and the conditions that failed).
// Pure: no I/O, no clock (time comes in as aws:CurrentTime / aws:EpochTime).
// Thread-safety: pure functions over immutable policies.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "authz/policy.h"
#include "authz/request.h"

namespace rsemu::authz {

// A policy as the principal holds it: its id for explanations ("arn:aws:iam::…:policy/P",
// or "user/alice/inline/p1") and its parsed document.
struct PolicyRef {
  std::string id;
  PolicyPtr document;
};

// The identity policies that apply (user + groups, or the role's), and for a
// role session the session policies (present = intersect; absent = no filter).
struct PolicySet {
  std::vector<PolicyRef> identity;
  std::optional<std::vector<PolicyRef>> session;
};

enum class Decision { kAllow, kExplicitDeny, kImplicitDeny };
const char* DecisionName(Decision decision);  // "Allow", "ExplicitDeny", "ImplicitDeny"

struct MatchedStatement {
  std::string policy_id;
  std::string sid;  // may be empty
  size_t index = 0;
  Effect effect = Effect::kAllow;
};

struct Diagnostics {
  std::vector<MatchedStatement> deciding;  // the statements that decided
  std::vector<std::string>
      failed_conditions;  // "policy/sid: StringEquals aws:ResourceTag/env [test] vs [prod]"
  std::vector<std::string>
      missing_context_keys;         // keys conditions asked for that the request lacks
  std::vector<std::string> errors;  // evaluation problems (skipped, never fatal)
  std::string denied_by;  // on denial: "identity-based", "session" or (trust) "role trust"
};

struct AuthzResult {
  Decision decision = Decision::kImplicitDeny;
  Diagnostics diagnostics;
  // EvaluateTrustPolicy only: an allowing statement names the caller itself
  // (its user ARN, its role ARN, its session ARN, or "*") rather than its
  // account. Within the role's own account that is enough without an
  // identity-policy allow (§10.2); the caller of EvaluateTrustPolicy decides.
  bool trust_names_caller = false;
};

// Identity-based evaluation (iam-evaluation.md §6.2): root in its own account is
// allowed; otherwise Deny > Allow > implicit deny over `policies`.
AuthzResult Evaluate(const AuthzRequest& request, const PolicySet& policies);

// Trust-policy evaluation for sts:AssumeRole (§10): does `trust` allow the
// request's principal (matched against Principal/NotPrincipal, with its
// conditions over the request context)? Deny statements that match win.
AuthzResult EvaluateTrustPolicy(const AuthzRequest& request, const PolicyRef& trust);

// The condition keys a set of policies refers to (for the policy simulator's
// GetContextKeysFor*Policy), lower-cased and sorted.
std::vector<std::string> ReferencedContextKeys(const std::vector<PolicyRef>& policies);

}  // namespace rsemu::authz
