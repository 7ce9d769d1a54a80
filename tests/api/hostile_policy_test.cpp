// Regression tests for hostile policy documents: deeply nested JSON sent to
// every operation that takes a policy is refused with MalformedPolicyDocument
// (it used to overflow the stack and kill the server), and the server answers
// the next request.
#include "authz/policy_parser.h"
#include "tests/api/identity_harness.h"

namespace rsemu::api {
namespace {

using testing::Credentials;
using testing::Encode;
using testing::ErrorCode;
using testing::IdentityHarness;

const Credentials kRoot{"111111111111", "x", ""};

// A policy whose condition value opens `depth` arrays.
std::string NestedPolicy(size_t depth) {
  return R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*",)"
         R"("Condition":{"StringEquals":{"aws:username":)" +
         std::string(depth, '[') + "\"x\"" + std::string(depth, ']') + "}}}]}";
}

}  // namespace

TEST_CASE("hostile policy: nesting is bounded before the document is parsed") {
  auto deep = authz::ParsePolicy(NestedPolicy(60000), authz::PolicyKind::kIdentity);
  REQUIRE_FALSE(deep.ok());
  CHECK(deep.status().error() == "MalformedPolicyDocument");
  CHECK(deep.status().message().find("nested deeper than 32 levels") != std::string::npos);
  // Unbalanced openers alone are refused the same way.
  auto open = authz::ParsePolicy(std::string(100000, '['), authz::PolicyKind::kIdentity);
  REQUIRE_FALSE(open.ok());
  CHECK(open.status().error() == "MalformedPolicyDocument");
  // Brackets inside strings do not count.
  auto quoted = authz::ParsePolicy(
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*",)"
      R"("Condition":{"StringEquals":{"aws:username":")" +
          std::string(100, '[') + R"("}}}]})",
      authz::PolicyKind::kIdentity);
  CHECK(quoted.ok());
  // 32 levels are within the bound (the document is refused for its content).
  auto shallow = authz::ParsePolicy(NestedPolicy(26), authz::PolicyKind::kIdentity);
  REQUIRE_FALSE(shallow.ok());
  CHECK(shallow.status().message().find("nested deeper") == std::string::npos);
}

TEST_CASE("hostile policy: a size quota is checked before the document is parsed") {
  authz::ParseOptions options;
  options.max_size = 6144;
  auto big = authz::ParsePolicy(NestedPolicy(60000), authz::PolicyKind::kIdentity, options);
  REQUIRE_FALSE(big.ok());
  CHECK(big.status().error() == "LimitExceeded");
}

TEST_CASE("hostile policy: every operation taking a policy refuses 60,000 nested arrays") {
  IdentityHarness h;
  REQUIRE(h.Iam("Action=CreateUser&UserName=u", kRoot).status == 200);
  const std::string trust = Encode(
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]})");
  REQUIRE(h.Iam("Action=CreateRole&RoleName=r&AssumeRolePolicyDocument=" + trust, kRoot).status ==
          200);
  const std::string simple = Encode(
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})");
  REQUIRE(h.Iam("Action=CreatePolicy&PolicyName=p&PolicyDocument=" + simple, kRoot).status == 200);
  const std::string deep = Encode(NestedPolicy(60000));
  const std::vector<std::string> requests = {
      "Action=CreatePolicy&PolicyName=deep&PolicyDocument=" + deep,
      "Action=PutUserPolicy&UserName=u&PolicyName=deep&PolicyDocument=" + deep,
      "Action=PutRolePolicy&RoleName=r&PolicyName=deep&PolicyDocument=" + deep,
      "Action=CreateRole&RoleName=deep&AssumeRolePolicyDocument=" + deep,
      "Action=UpdateAssumeRolePolicy&RoleName=r&PolicyDocument=" + deep,
      "Action=CreatePolicyVersion&PolicyArn=arn:aws:iam::111111111111:policy/p&PolicyDocument=" +
          deep,
      "Action=SimulateCustomPolicy&ActionNames.member.1=redshift:DescribeClusters&"
      "PolicyInputList.member.1=" +
          deep,
  };
  for (const std::string& body : requests) {
    HttpResponse response = h.Iam(body, kRoot);
    INFO(body.substr(0, 60));
    CHECK(response.status == 400);
    std::string code = ErrorCode(response);
    CHECK((code == "MalformedPolicyDocument" || code == "LimitExceeded" || code == "InvalidInput" ||
           code == "ValidationError"));
  }
  CHECK(h.Iam("Action=GetUser&UserName=u", kRoot).status == 200);
}

}  // namespace rsemu::api
