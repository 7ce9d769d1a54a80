// Tests that the gate's cache of policy sets (api/policy_set_cache.h) never
// answers from stale IAM state: every IAM change that adds or removes a
// permission shows on the very next request, and that a key's last use is
// still recorded to the second although it is no longer written per request.
#include <doctest/doctest.h>

#include "tests/api/identity_harness.h"

namespace rsemu::api::testing {
namespace {

constexpr char kDescribe[] = "Action=DescribeClusters&Version=2012-12-01";

std::string AllowDocument(const std::string& effect) {
  return Encode(R"({"Version":"2012-10-17","Statement":[{"Effect":")" + effect +
                R"(","Action":"redshift:DescribeClusters","Resource":"*"}]})");
}

int Describe(IdentityHarness& h, const Credentials& creds) {
  return h.Call("redshift", kDescribe, creds).status;
}

TEST_CASE("policy set cache: inline, managed, version and group changes apply at once") {
  IdentityHarness h;
  Credentials alice = UserWithKey(h, "alice");
  CHECK(Describe(h, alice) == 403);  // no policy yet (and the empty set is now cached)

  REQUIRE(h.Iam("Action=PutUserPolicy&UserName=alice&PolicyName=p&PolicyDocument=" +
                AllowDocument("Allow"))
              .status == 200);
  CHECK(Describe(h, alice) == 200);
  REQUIRE(h.Iam("Action=DeleteUserPolicy&UserName=alice&PolicyName=p").status == 200);
  CHECK(Describe(h, alice) == 403);

  HttpResponse created =
      h.Iam("Action=CreatePolicy&PolicyName=m&PolicyDocument=" + AllowDocument("Allow"));
  REQUIRE(created.status == 200);
  std::string arn = Field(created, "Arn");
  REQUIRE(h.Iam("Action=AttachUserPolicy&UserName=alice&PolicyArn=" + arn).status == 200);
  CHECK(Describe(h, alice) == 200);
  // A new default version that denies takes effect on the next request.
  REQUIRE(h.Iam("Action=CreatePolicyVersion&SetAsDefault=true&PolicyArn=" + arn +
                "&PolicyDocument=" + AllowDocument("Deny"))
              .status == 200);
  CHECK(Describe(h, alice) == 403);
  REQUIRE(h.Iam("Action=DetachUserPolicy&UserName=alice&PolicyArn=" + arn).status == 200);

  // Through a group: joining grants, leaving revokes.
  REQUIRE(h.Iam("Action=CreateGroup&GroupName=readers").status == 200);
  REQUIRE(h.Iam("Action=PutGroupPolicy&GroupName=readers&PolicyName=g&PolicyDocument=" +
                AllowDocument("Allow"))
              .status == 200);
  CHECK(Describe(h, alice) == 403);
  REQUIRE(h.Iam("Action=AddUserToGroup&GroupName=readers&UserName=alice").status == 200);
  CHECK(Describe(h, alice) == 200);
  REQUIRE(h.Iam("Action=RemoveUserFromGroup&GroupName=readers&UserName=alice").status == 200);
  CHECK(Describe(h, alice) == 403);
}

TEST_CASE("policy set cache: each user keeps its own policies") {
  IdentityHarness h;
  Credentials alice = UserWithKey(h, "alice");
  Credentials bob = UserWithKey(h, "bob");
  REQUIRE(h.Iam("Action=PutUserPolicy&UserName=alice&PolicyName=p&PolicyDocument=" +
                AllowDocument("Allow"))
              .status == 200);
  CHECK(Describe(h, alice) == 200);
  CHECK(Describe(h, bob) == 403);
  CHECK(Describe(h, alice) == 200);
}

TEST_CASE("access key last use: recorded to the second, rewritten when it changes") {
  IdentityHarness h;
  Credentials alice = UserWithKey(h, "alice");
  REQUIRE(h.Iam("Action=PutUserPolicy&UserName=alice&PolicyName=p&PolicyDocument=" +
                AllowDocument("Allow"))
              .status == 200);
  auto last_used = [&] {
    return Field(h.Iam("Action=GetAccessKeyLastUsed&AccessKeyId=" + alice.key), "LastUsedDate");
  };
  auto service = [&] {
    return Field(h.Iam("Action=GetAccessKeyLastUsed&AccessKeyId=" + alice.key), "ServiceName");
  };
  REQUIRE(Describe(h, alice) == 200);
  std::string first = last_used();
  CHECK(first == "2025-11-28T08:00:00Z");
  CHECK(service() == "redshift");
  h.clock->Advance(400);  // the same second: nothing to rewrite
  REQUIRE(Describe(h, alice) == 200);
  CHECK(last_used() == first);
  h.clock->Advance(2100);
  REQUIRE(Describe(h, alice) == 200);
  CHECK(last_used() == "2025-11-28T08:00:02Z");
  REQUIRE(h.Sts("Action=GetCallerIdentity", alice).status == 200);  // same second, other service
  CHECK(service() == "sts");
}

}  // namespace
}  // namespace rsemu::api::testing
