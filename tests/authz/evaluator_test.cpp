// Tests for Evaluate (§6.2), EvaluateTrustPolicy (§10) and ReferencedContextKeys,
// including the worked examples of iam-evaluation.md §12.
#include "authz/evaluator.h"

#include <doctest/doctest.h>

#include "authz/policy_parser.h"

namespace rsemu::authz {
namespace {

constexpr char kAccount[] = "111122223333";
constexpr char kAlice[] = "arn:aws:iam::111122223333:user/alice";
constexpr char kC1[] = "arn:aws:redshift:us-east-1:111122223333:cluster:c1";

PolicyRef Policy(const std::string& id, const std::string& json,
                 PolicyKind kind = PolicyKind::kIdentity) {
  Result<PolicyPtr> parsed = ParsePolicy(json, kind);
  REQUIRE_MESSAGE(parsed.ok(), parsed.status().message());
  return PolicyRef{id, *parsed};
}

// One-statement policy.
PolicyRef One(const std::string& id, const std::string& statement) {
  return Policy(id, R"({"Version":"2012-10-17","Statement":[)" + statement + "]}");
}

AuthzRequest Alice(const std::string& action, const std::string& resource = kC1) {
  AuthzRequest r;
  r.action = action;
  r.resource = resource;
  r.principal_arn = kAlice;
  r.principal_account = kAccount;
  r.context.Set("aws:PrincipalArn", kAlice);
  r.context.Set("aws:username", "alice");
  r.context.Set("aws:RequestedRegion", "us-east-1");
  return r;
}

Decision Decide(const AuthzRequest& request, std::vector<PolicyRef> identity) {
  return Evaluate(request, PolicySet{std::move(identity), std::nullopt}).decision;
}

}  // namespace

TEST_CASE("authz: deny beats allow, and order does not matter") {
  PolicyRef allow = One("p-allow", R"({"Effect":"Allow","Action":"redshift:*","Resource":"*"})");
  PolicyRef deny =
      One("p-deny", R"({"Sid":"NoProd","Effect":"Deny","Action":"redshift:DeleteCluster",
      "Resource":"arn:aws:redshift:*:*:cluster:prod*"})");
  AuthzRequest prod =
      Alice("redshift:DeleteCluster", "arn:aws:redshift:us-east-1:111122223333:cluster:prod-1");
  AuthzResult r1 = Evaluate(prod, PolicySet{{allow, deny}, std::nullopt});
  AuthzResult r2 = Evaluate(prod, PolicySet{{deny, allow}, std::nullopt});
  CHECK(r1.decision == Decision::kExplicitDeny);
  CHECK(r2.decision == Decision::kExplicitDeny);
  REQUIRE(r1.diagnostics.deciding.size() == 1);
  CHECK(r1.diagnostics.deciding[0].policy_id == "p-deny");
  CHECK(r1.diagnostics.deciding[0].sid == "NoProd");
  CHECK(r1.diagnostics.deciding[0].effect == Effect::kDeny);
  CHECK(r1.diagnostics.denied_by == "identity-based");
  AuthzResult dev = Evaluate(
      Alice("redshift:DeleteCluster", "arn:aws:redshift:us-east-1:111122223333:cluster:dev-1"),
      PolicySet{{allow, deny}, std::nullopt});
  CHECK(dev.decision == Decision::kAllow);
  REQUIRE(dev.diagnostics.deciding.size() == 1);
  CHECK(dev.diagnostics.deciding[0].policy_id == "p-allow");
  CHECK(dev.diagnostics.deciding[0].index == 0);
  CHECK(dev.diagnostics.denied_by.empty());
}

TEST_CASE("authz: a statement that does not apply never denies") {
  // An Allow whose condition fails is not a deny (moto's mistake).
  PolicyRef conditional = One("p", R"({"Effect":"Allow","Action":"redshift:*","Resource":"*",
      "Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}})");
  PolicyRef plain = One("q", R"({"Effect":"Allow","Action":"redshift:*","Resource":"*"})");
  CHECK(Decide(Alice("redshift:ModifyCluster"), {conditional, plain}) == Decision::kAllow);
  AuthzResult only = Evaluate(Alice("redshift:ModifyCluster"), PolicySet{{conditional}, {}});
  CHECK(only.decision == Decision::kImplicitDeny);
  REQUIRE(only.diagnostics.failed_conditions.size() == 1);
  CHECK(only.diagnostics.failed_conditions[0] ==
        "p/#0: StringEquals aws:RequestedRegion [eu-west-1] vs [us-east-1]");
  // A Deny whose condition fails does not apply either (example 50).
  PolicyRef deny = One("d", R"({"Effect":"Deny","Action":"redshift:DeleteCluster","Resource":"*",
      "Condition":{"StringEquals":{"aws:ResourceTag/env":"prod"}}})");
  AuthzRequest c2 = Alice("redshift:DeleteCluster");
  c2.context.Set("aws:ResourceTag/env", "dev");
  CHECK(Decide(c2, {plain, deny}) == Decision::kAllow);
}

TEST_CASE("authz: root is allowed in its own account only") {
  AuthzRequest root;
  root.action = "redshift:DeleteCluster";
  root.resource = kC1;
  root.principal_arn = "arn:aws:iam::111122223333:root";
  root.principal_account = kAccount;
  root.principal_is_root = true;
  CHECK(Decide(root, {}) == Decision::kAllow);
  root.resource = "*";
  CHECK(Decide(root, {}) == Decision::kAllow);
  root.resource = "arn:aws:redshift:us-east-1:444455556666:snapshot:c1/s1";
  CHECK(Decide(root, {}) == Decision::kImplicitDeny);
}

TEST_CASE("authz: session policies filter, never widen") {
  PolicyRef role = One("role", R"({"Effect":"Allow","Action":"redshift:*","Resource":"*"})");
  PolicyRef describe_only =
      One("session", R"({"Effect":"Allow","Action":"redshift:Describe*","Resource":"*"})");
  AuthzRequest modify = Alice("redshift:ModifyCluster");
  AuthzResult r = Evaluate(modify, PolicySet{{role}, std::vector<PolicyRef>{describe_only}});
  CHECK(r.decision == Decision::kImplicitDeny);
  CHECK(r.diagnostics.denied_by == "session");
  AuthzResult ok = Evaluate(Alice("redshift:DescribeClusters"),
                            PolicySet{{role}, std::vector<PolicyRef>{describe_only}});
  CHECK(ok.decision == Decision::kAllow);
  CHECK(ok.diagnostics.deciding.size() == 2);
  // Present but empty session policy list: nothing is allowed.
  CHECK(Evaluate(modify, PolicySet{{role}, std::vector<PolicyRef>{}}).decision ==
        Decision::kImplicitDeny);
  // Session cannot widen.
  PolicyRef narrow =
      One("role", R"({"Effect":"Allow","Action":"redshift:Describe*","Resource":"*"})");
  PolicyRef wide = One("session", R"({"Effect":"Allow","Action":"redshift:*","Resource":"*"})");
  AuthzResult w = Evaluate(modify, PolicySet{{narrow}, std::vector<PolicyRef>{wide}});
  CHECK(w.decision == Decision::kImplicitDeny);
  CHECK(w.diagnostics.denied_by == "identity-based");
  // A session Deny is an explicit deny of type session.
  PolicyRef session_deny =
      One("sd", R"({"Effect":"Deny","Action":"redshift:ModifyCluster","Resource":"*"})");
  AuthzResult d = Evaluate(modify, PolicySet{{role}, std::vector<PolicyRef>{wide, session_deny}});
  CHECK(d.decision == Decision::kExplicitDeny);
  CHECK(d.diagnostics.denied_by == "session");
}

TEST_CASE("authz: wildcard-only actions and NotResource (§4.3, §12 ex. 11, 13)") {
  PolicyRef arn_star = One(
      "p",
      R"({"Effect":"Allow","Action":"redshift:DescribeStorage","Resource":"arn:aws:redshift:*:*:*"})");
  CHECK(Decide(Alice("redshift:DescribeStorage", "*"), {arn_star}) == Decision::kImplicitDeny);
  PolicyRef star =
      One("p", R"({"Effect":"Allow","Action":"redshift:DescribeStorage","Resource":"*"})");
  CHECK(Decide(Alice("redshift:DescribeStorage", "*"), {star}) == Decision::kAllow);
  PolicyRef all = One("all", R"({"Effect":"Allow","Action":"redshift:*","Resource":"*"})");
  PolicyRef not_dev = One("nd", R"({"Effect":"Deny","Action":"redshift:*",
      "NotResource":"arn:aws:redshift:us-east-1:111122223333:cluster:dev-*"})");
  CHECK(Decide(Alice("redshift:ModifyCluster",
                     "arn:aws:redshift:us-east-1:111122223333:cluster:prod-1"),
               {all, not_dev}) == Decision::kExplicitDeny);
  CHECK(Decide(Alice("redshift:ModifyCluster",
                     "arn:aws:redshift:us-east-1:111122223333:cluster:dev-1"),
               {all, not_dev}) == Decision::kAllow);
  CHECK(Decide(Alice("redshift:DescribeStorage", "*"), {all, not_dev}) == Decision::kExplicitDeny);
}

TEST_CASE("authz: variables in resources (§12 ex. 34-36)") {
  PolicyRef mine = One("p", R"({"Effect":"Allow","Action":"redshift:CreateCluster",
      "Resource":"arn:aws:redshift:us-east-1:111122223333:cluster:${aws:username}-*"})");
  CHECK(Decide(Alice("redshift:CreateCluster",
                     "arn:aws:redshift:us-east-1:111122223333:cluster:alice-dev"),
               {mine}) == Decision::kAllow);
  CHECK(Decide(Alice("redshift:CreateCluster",
                     "arn:aws:redshift:us-east-1:111122223333:cluster:bob-dev"),
               {mine}) == Decision::kImplicitDeny);
  AuthzRequest session =
      Alice("redshift:CreateCluster", "arn:aws:redshift:us-east-1:111122223333:cluster:alice-dev");
  session.context = ContextKeys();
  CHECK(Decide(session, {mine}) == Decision::kImplicitDeny);
  PolicyRef old = Policy("p", R"({"Version":"2008-10-17","Statement":[{"Effect":"Allow",
      "Action":"redshift:CreateCluster",
      "Resource":"arn:aws:redshift:us-east-1:111122223333:cluster:${aws:username}-*"}]})");
  CHECK(Decide(Alice("redshift:CreateCluster",
                     "arn:aws:redshift:us-east-1:111122223333:cluster:alice-dev"),
               {old}) == Decision::kImplicitDeny);
  CHECK(Decide(Alice("redshift:CreateCluster",
                     "arn:aws:redshift:us-east-1:111122223333:cluster:${aws:username}-dev"),
               {old}) == Decision::kAllow);
  // A value with a * from the request is literal.
  AuthzRequest starry =
      Alice("redshift:CreateCluster", "arn:aws:redshift:us-east-1:111122223333:cluster:alXce-dev");
  starry.context.Set("aws:username", "al?ce");
  CHECK(Decide(starry, {mine}) == Decision::kImplicitDeny);
  // NotResource with an unresolvable variable excludes nothing.
  PolicyRef deny_others = One("d", R"({"Effect":"Deny","Action":"redshift:*",
      "NotResource":"arn:aws:redshift:*:*:cluster:${aws:username}-*"})");
  PolicyRef all = One("all", R"({"Effect":"Allow","Action":"redshift:*","Resource":"*"})");
  CHECK(Decide(session, {all, deny_others}) == Decision::kExplicitDeny);
}

TEST_CASE("authz: diagnostics list missing keys and failed conditions") {
  PolicyRef p =
      One("p", R"({"Sid":"Tagged","Effect":"Allow","Action":"redshift:ModifyCluster","Resource":"*",
      "Condition":{"StringEquals":{"aws:ResourceTag/env":"prod"},"StringEqualsIfExists":{"aws:x":"1"}}})");
  AuthzResult r = Evaluate(Alice("redshift:ModifyCluster"), PolicySet{{p}, {}});
  CHECK(r.decision == Decision::kImplicitDeny);
  CHECK(r.diagnostics.missing_context_keys ==
        std::vector<std::string>{"aws:resourcetag/env", "aws:x"});
  REQUIRE(r.diagnostics.failed_conditions.size() == 1);
  CHECK(r.diagnostics.failed_conditions[0] ==
        "p/Tagged: StringEquals aws:ResourceTag/env [prod] vs (absent)");
  // Statements whose action does not match report nothing.
  AuthzResult other = Evaluate(Alice("redshift:RebootCluster"), PolicySet{{p}, {}});
  CHECK(other.diagnostics.failed_conditions.empty());
  CHECK(other.diagnostics.missing_context_keys.empty());
  // A null document is skipped with an error, never fatal.
  AuthzResult null_doc =
      Evaluate(Alice("redshift:ModifyCluster"), PolicySet{{PolicyRef{"broken", nullptr}}, {}});
  CHECK(null_doc.decision == Decision::kImplicitDeny);
  CHECK(null_doc.diagnostics.errors.size() == 1);
}

TEST_CASE("authz: DecisionName") {
  CHECK(std::string(DecisionName(Decision::kAllow)) == "Allow");
  CHECK(std::string(DecisionName(Decision::kExplicitDeny)) == "ExplicitDeny");
  CHECK(std::string(DecisionName(Decision::kImplicitDeny)) == "ImplicitDeny");
}

TEST_CASE("authz: ReferencedContextKeys lists condition keys and variables") {
  PolicyRef p = One("p", R"({"Effect":"Allow","Action":"redshift:*",
      "Resource":"arn:aws:redshift:*:*:cluster:${aws:username}",
      "Condition":{"StringEquals":{"AWS:RequestedRegion":"x","aws:ResourceTag/owner":"${aws:PrincipalTag/Team}"},
                   "Bool":{"aws:SecureTransport":"true"}}})");
  CHECK(ReferencedContextKeys({p}) ==
        std::vector<std::string>{"aws:principaltag/team", "aws:requestedregion",
                                 "aws:resourcetag/owner", "aws:securetransport", "aws:username"});
}

namespace {

AuthzRequest Caller(const std::string& arn, const std::string& account,
                    const std::string& principal_arn_key) {
  AuthzRequest r;
  r.action = "sts:AssumeRole";
  r.resource = "arn:aws:iam::111122223333:role/ops/Ops";
  r.principal_arn = arn;
  r.principal_account = account;
  r.context.Set("aws:PrincipalArn", principal_arn_key);
  r.context.Set("aws:PrincipalAccount", account);
  return r;
}

PolicyRef Trust(const std::string& principal, const std::string& extra = "") {
  return Policy("trust",
                R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":)" +
                    principal + R"(,"Action":"sts:AssumeRole")" + extra + "}]}",
                PolicyKind::kTrust);
}

}  // namespace

TEST_CASE("authz: trust principals match per §10.3") {
  AuthzRequest alice = Caller(kAlice, kAccount, kAlice);
  AuthzRequest session = Caller("arn:aws:sts::111122223333:assumed-role/Ops/s1", kAccount,
                                "arn:aws:iam::111122223333:role/ops/Ops");
  AuthzRequest bob = Caller("arn:aws:iam::444455556666:user/bob", "444455556666",
                            "arn:aws:iam::444455556666:user/bob");
  auto decide = [](const AuthzRequest& r, const PolicyRef& t) {
    return EvaluateTrustPolicy(r, t).decision;
  };
  CHECK(decide(alice, Trust(R"("*")")) == Decision::kAllow);
  CHECK(decide(alice, Trust(R"({"AWS":"*"})")) == Decision::kAllow);
  CHECK(decide(alice, Trust(R"({"AWS":"111122223333"})")) == Decision::kAllow);
  CHECK(decide(alice, Trust(R"({"AWS":"arn:aws:iam::111122223333:root"})")) == Decision::kAllow);
  CHECK(decide(alice, Trust(R"({"AWS":"arn:aws:iam::111122223333:user/alice"})")) ==
        Decision::kAllow);
  CHECK(decide(alice, Trust(R"({"AWS":"arn:aws:iam::111122223333:user/Alice"})")) ==
        Decision::kImplicitDeny);
  CHECK(decide(bob, Trust(R"({"AWS":"111122223333"})")) == Decision::kImplicitDeny);
  CHECK(decide(bob, Trust(R"({"AWS":["111122223333","444455556666"]})")) == Decision::kAllow);
  CHECK(decide(session, Trust(R"({"AWS":"arn:aws:iam::111122223333:role/ops/Ops"})")) ==
        Decision::kAllow);
  CHECK(decide(session, Trust(R"({"AWS":"arn:aws:sts::111122223333:assumed-role/Ops/s1"})")) ==
        Decision::kAllow);
  CHECK(decide(session, Trust(R"({"AWS":"arn:aws:sts::111122223333:assumed-role/Ops/s2"})")) ==
        Decision::kImplicitDeny);
  CHECK(decide(session, Trust(R"({"Service":"redshift.amazonaws.com"})")) ==
        Decision::kImplicitDeny);
  AuthzRequest service = Caller("redshift.amazonaws.com", "", "");
  service.context = ContextKeys();
  CHECK(decide(service, Trust(R"({"Service":"redshift.amazonaws.com"})")) == Decision::kAllow);
  // Wrong action never applies.
  AuthzRequest tag = alice;
  tag.action = "sts:TagSession";
  CHECK(decide(tag, Trust(R"("*")")) == Decision::kImplicitDeny);
  // Root cannot assume roles.
  AuthzRequest root = Caller("arn:aws:iam::111122223333:root", kAccount, "");
  root.principal_is_root = true;
  AuthzResult r = EvaluateTrustPolicy(root, Trust(R"("*")"));
  CHECK(r.decision == Decision::kImplicitDeny);
  CHECK(r.diagnostics.errors ==
        std::vector<std::string>{"Roles may not be assumed by root accounts."});
}

TEST_CASE("authz: trust_names_caller marks direct grants (§10.2)") {
  AuthzRequest alice = Caller(kAlice, kAccount, kAlice);
  CHECK(EvaluateTrustPolicy(alice, Trust(R"({"AWS":"arn:aws:iam::111122223333:user/alice"})"))
            .trust_names_caller);
  CHECK(EvaluateTrustPolicy(alice, Trust(R"("*")")).trust_names_caller);
  AuthzResult account = EvaluateTrustPolicy(alice, Trust(R"({"AWS":"111122223333"})"));
  CHECK(account.decision == Decision::kAllow);
  CHECK_FALSE(account.trust_names_caller);
}

TEST_CASE("authz: trust conditions, denies and NotPrincipal") {
  AuthzRequest bob = Caller("arn:aws:iam::444455556666:user/bob", "444455556666",
                            "arn:aws:iam::444455556666:user/bob");
  PolicyRef external = Trust(R"({"AWS":"444455556666"})",
                             R"(,"Condition":{"StringEquals":{"sts:ExternalId":"xyz"}})");
  AuthzResult missing = EvaluateTrustPolicy(bob, external);
  CHECK(missing.decision == Decision::kImplicitDeny);
  CHECK(missing.diagnostics.denied_by == "role trust");
  CHECK(missing.diagnostics.missing_context_keys == std::vector<std::string>{"sts:externalid"});
  bob.context.Set("sts:ExternalId", "xyz");
  CHECK(EvaluateTrustPolicy(bob, external).decision == Decision::kAllow);
  PolicyRef tagged = Trust(R"("*")",
                           R"(,"Condition":{"StringEquals":{"aws:PrincipalTag/team":"data"},
                               "ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:user/*"}})");
  CHECK(EvaluateTrustPolicy(bob, tagged).decision == Decision::kImplicitDeny);
  bob.context.Set("aws:PrincipalTag/Team", "data");
  CHECK(EvaluateTrustPolicy(bob, tagged).decision == Decision::kAllow);
  PolicyRef with_deny = Policy("trust", R"({"Version":"2012-10-17","Statement":[
      {"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"},
      {"Sid":"NoBob","Effect":"Deny","Principal":{"AWS":"arn:aws:iam::444455556666:user/bob"},"Action":"sts:*"}]})",
                               PolicyKind::kTrust);
  AuthzResult denied = EvaluateTrustPolicy(bob, with_deny);
  CHECK(denied.decision == Decision::kExplicitDeny);
  REQUIRE(denied.diagnostics.deciding.size() == 1);
  CHECK(denied.diagnostics.deciding[0].sid == "NoBob");
  PolicyRef not_bob = Policy("trust", R"({"Version":"2012-10-17","Statement":[
      {"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::444455556666:user/bob"},"Action":"sts:AssumeRole"}]})",
                             PolicyKind::kTrust);
  CHECK(EvaluateTrustPolicy(bob, not_bob).decision == Decision::kImplicitDeny);
  CHECK(EvaluateTrustPolicy(Caller(kAlice, kAccount, kAlice), not_bob).decision ==
        Decision::kAllow);
}

}  // namespace rsemu::authz
