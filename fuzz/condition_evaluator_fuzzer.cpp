// Fuzzes the IAM evaluator (authz/evaluator.h) and its condition operators:
// two policies and a request built from the input are evaluated as identity
// policies, with the second as a session policy, and the first as a role
// trust policy.
//
// Input: POLICY_A "\n%%\n" POLICY_B "\n%%\n" REQUEST, where REQUEST is lines:
//   action, resource, principal ARN, principal account, flags ("root" makes
//   the principal the account root), then context keys "key=v1|v2|..." (a
//   line without '=' sets the key with no values).
// Asserts: the decision does not depend on policy order; an Allow (for a
// non-root principal) is decided by Allow statements only, an ExplicitDeny by
// Deny statements only, an ImplicitDeny by none; adding a policy never turns
// Allow into ImplicitDeny nor removes an ExplicitDeny; a session policy only
// restricts; evaluation is deterministic; the trust evaluation follows the
// same Deny > Allow > implicit deny rule and never allows root.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "authz/evaluator.h"
#include "authz/policy_parser.h"
#include "fuzz/fuzz_util.h"

namespace {

using rsemu::authz::AuthzRequest;
using rsemu::authz::AuthzResult;
using rsemu::authz::Decision;
using rsemu::authz::Effect;
using rsemu::authz::PolicyKind;
using rsemu::authz::PolicyRef;
using rsemu::authz::PolicySet;

constexpr std::string_view kSection = "\n%%\n";

std::optional<PolicyRef> Parse(std::string_view json, PolicyKind kind, const char* id) {
  auto parsed = rsemu::authz::ParsePolicy(json, kind);
  if (!parsed.ok()) return std::nullopt;
  return PolicyRef{id, *parsed};
}

AuthzRequest BuildRequest(std::string_view text) {
  const std::vector<std::string_view> lines = rsemu::fuzz::SplitAll(text, '\n');
  auto line = [&](size_t i) { return i < lines.size() ? std::string(lines[i]) : std::string(); };
  AuthzRequest request;
  request.action = line(0);
  request.resource = line(1);
  request.principal_arn = line(2);
  request.principal_account = line(3);
  request.principal_is_root = line(4).find("root") != std::string::npos;
  for (size_t i = 5; i < lines.size(); ++i) {
    bool has_values = false;
    const auto [key, values] = rsemu::fuzz::SplitOnce(lines[i], "=", &has_values);
    std::vector<std::string> list;
    if (has_values) {
      for (std::string_view value : rsemu::fuzz::SplitAll(values, '|')) list.emplace_back(value);
    }
    request.context.Set(std::string(key), std::move(list));
  }
  return request;
}

void CheckConsistent(const AuthzResult& result, bool root, const char* what) {
  const auto& deciding = result.diagnostics.deciding;
  switch (result.decision) {
    case Decision::kAllow:
      if (root) return;  // root in its own account: allowed without a statement
      FUZZ_CHECK(!deciding.empty(), std::string(what) + ": Allow without a deciding statement");
      for (const auto& statement : deciding) {
        FUZZ_CHECK(statement.effect == Effect::kAllow,
                   std::string(what) + ": Allow decided by a Deny statement");
      }
      return;
    case Decision::kExplicitDeny:
      FUZZ_CHECK(!deciding.empty(), std::string(what) + ": ExplicitDeny without a statement");
      for (const auto& statement : deciding) {
        FUZZ_CHECK(statement.effect == Effect::kDeny,
                   std::string(what) + ": ExplicitDeny decided by an Allow statement");
      }
      return;
    case Decision::kImplicitDeny:
      FUZZ_CHECK(deciding.empty(), std::string(what) + ": ImplicitDeny with deciding statements");
      return;
  }
}

Decision Decide(const AuthzRequest& request, std::vector<PolicyRef> identity,
                std::optional<std::vector<PolicyRef>> session = std::nullopt) {
  AuthzResult result = rsemu::authz::Evaluate(request, PolicySet{identity, session});
  CheckConsistent(result, request.principal_is_root, "Evaluate");
  return result.decision;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input = rsemu::fuzz::AsText(data, size);
  const auto [policy_a, rest] = rsemu::fuzz::SplitOnce(input, kSection);
  const auto [policy_b, request_text] = rsemu::fuzz::SplitOnce(rest, kSection);
  const AuthzRequest request = BuildRequest(request_text);

  const std::optional<PolicyRef> a = Parse(policy_a, PolicyKind::kIdentity, "a");
  const std::optional<PolicyRef> b = Parse(policy_b, PolicyKind::kIdentity, "b");
  if (a) {
    const Decision only_a = Decide(request, {*a});
    FUZZ_CHECK(Decide(request, {*a}) == only_a, "evaluation is not deterministic");
    if (b) {
      const Decision only_b = Decide(request, {*b});
      const Decision ab = Decide(request, {*a, *b});
      const Decision ba = Decide(request, {*b, *a});
      FUZZ_CHECK(ab == ba, "the decision depends on policy order");
      if (only_a == Decision::kExplicitDeny || only_b == Decision::kExplicitDeny) {
        FUZZ_CHECK(ab == Decision::kExplicitDeny, "adding a policy removed an explicit deny");
      } else if (only_a == Decision::kAllow || only_b == Decision::kAllow) {
        FUZZ_CHECK(ab == Decision::kAllow, "adding a policy without Deny removed an Allow");
      } else if (!request.principal_is_root) {
        FUZZ_CHECK(ab == Decision::kImplicitDeny, "two policies allow what neither allows");
      }
      // Session policies intersect with the identity policies.
      const Decision with_session = Decide(request, {*a}, std::vector<PolicyRef>{*b});
      if (with_session == Decision::kAllow && !request.principal_is_root) {
        FUZZ_CHECK(only_a == Decision::kAllow && only_b != Decision::kExplicitDeny,
                   "a session policy widened the identity policy");
      }
      if (only_a == Decision::kExplicitDeny) {
        FUZZ_CHECK(with_session == Decision::kExplicitDeny || request.principal_is_root,
                   "a session policy removed an identity deny");
      }
    }
    (void)rsemu::authz::ReferencedContextKeys({*a});
  }

  if (const std::optional<PolicyRef> trust = Parse(policy_a, PolicyKind::kTrust, "trust")) {
    AuthzResult result = rsemu::authz::EvaluateTrustPolicy(request, *trust);
    CheckConsistent(result, /*root=*/false, "EvaluateTrustPolicy");
    if (request.principal_is_root) {
      FUZZ_CHECK(result.decision != Decision::kAllow, "a trust policy allowed the root user");
    }
    if (result.decision != Decision::kAllow) {
      FUZZ_CHECK(!result.trust_names_caller, "trust_names_caller set without an Allow");
    }
  }
  return 0;
}
