// Regression tests: temporary credentials are bound to the unique id of the
// identity they were issued to (AROA… for roles, AIDA… for users), not to its
// name. A session of a deleted role or user stops working, and never gains the
// permissions of a new identity created under the same name.
#include "tests/api/identity_harness.h"

namespace rsemu::api {
namespace {

using testing::Credentials;
using testing::Encode;
using testing::ErrorCode;
using testing::Field;
using testing::IdentityHarness;

const Credentials kRoot{"111111111111", "x", ""};

std::string Allow(const std::string& action) {
  return Encode(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":")" + action +
                R"(","Resource":"*"}]})");
}

Credentials SessionOf(const HttpResponse& response) {
  return {Field(response, "AccessKeyId"), Field(response, "SecretAccessKey"),
          Field(response, "SessionToken")};
}

HttpResponse CreateCluster(IdentityHarness& h, const std::string& id, const Credentials& creds) {
  return h.Call("redshift",
                "Version=2012-12-01&Action=CreateCluster&ClusterIdentifier=" + id +
                    "&NodeType=ra3.xlplus&NumberOfNodes=2&MasterUsername=admin&"
                    "MasterUserPassword=Passw0rd1",
                creds);
}

void CreateRole(IdentityHarness& h, const std::string& action) {
  REQUIRE(h.Iam("Action=CreateRole&RoleName=ro-role&AssumeRolePolicyDocument=" +
                    testing::TrustFor("arn:aws:iam::111111111111:user/caller"),
                kRoot)
              .status == 200);
  REQUIRE(
      h.Iam("Action=PutRolePolicy&RoleName=ro-role&PolicyName=p&PolicyDocument=" + Allow(action),
            kRoot)
          .status == 200);
}

}  // namespace

TEST_CASE("identity binding: a role session dies with its role, even if the name returns") {
  IdentityHarness h;
  Credentials caller = testing::UserWithKey(h, "caller", kRoot);
  REQUIRE(h.Iam("Action=PutUserPolicy&UserName=caller&PolicyName=p&PolicyDocument=" +
                    Allow("sts:AssumeRole"),
                kRoot)
              .status == 200);
  CreateRole(h, "redshift:Describe*");
  HttpResponse assumed =
      h.Sts("Action=AssumeRole&RoleSessionName=s1&RoleArn=arn:aws:iam::111111111111:role/ro-role",
            caller);
  INFO(assumed.body);
  REQUIRE(assumed.status == 200);
  Credentials old_session = SessionOf(assumed);
  CHECK(CreateCluster(h, "c1", old_session).status == 403);

  REQUIRE(h.Iam("Action=DeleteRolePolicy&RoleName=ro-role&PolicyName=p", kRoot).status == 200);
  REQUIRE(h.Iam("Action=DeleteRole&RoleName=ro-role", kRoot).status == 200);
  HttpResponse gone = h.Sts("Action=GetCallerIdentity", old_session);
  CHECK(gone.status == 403);
  CHECK(ErrorCode(gone) == "InvalidClientTokenId");

  CreateRole(h, "redshift:*");
  HttpResponse denied = CreateCluster(h, "c2", old_session);
  INFO(denied.body);
  CHECK(denied.status == 403);
  CHECK(ErrorCode(denied) == "InvalidClientTokenId");
  // A session of the new role has the new role's permissions.
  Credentials new_session = SessionOf(
      h.Sts("Action=AssumeRole&RoleSessionName=s1&RoleArn=arn:aws:iam::111111111111:role/ro-role",
            caller));
  CHECK(CreateCluster(h, "c3", new_session).status == 200);
  CHECK(Field(h.Sts("Action=GetCallerIdentity", new_session), "UserId").starts_with("AROA"));
}

TEST_CASE("identity binding: GetSessionToken credentials die with their user, survive a rename") {
  IdentityHarness h;
  Credentials key = testing::UserWithKey(h, "u", kRoot);
  REQUIRE(h.Iam("Action=PutUserPolicy&UserName=u&PolicyName=p&PolicyDocument=" +
                    Allow("redshift:Describe*"),
                kRoot)
              .status == 200);
  HttpResponse token = h.Sts("Action=GetSessionToken", key);
  REQUIRE(token.status == 200);
  Credentials session = SessionOf(token);
  std::string user_id = Field(h.Sts("Action=GetCallerIdentity", session), "UserId");
  CHECK(user_id.starts_with("AIDA"));

  // Renamed: the same user (same id), its policies follow it.
  REQUIRE(h.Iam("Action=UpdateUser&UserName=u&NewUserName=v", kRoot).status == 200);
  HttpResponse renamed = h.Sts("Action=GetCallerIdentity", session);
  CHECK(renamed.status == 200);
  CHECK(Field(renamed, "Arn") == "arn:aws:iam::111111111111:user/v");
  CHECK(Field(renamed, "UserId") == user_id);

  // Deleted and created again under the old name with more rights.
  REQUIRE(h.Iam("Action=DeleteUserPolicy&UserName=v&PolicyName=p", kRoot).status == 200);
  REQUIRE(h.Iam("Action=DeleteAccessKey&UserName=v&AccessKeyId=" + key.key, kRoot).status == 200);
  REQUIRE(h.Iam("Action=DeleteUser&UserName=v", kRoot).status == 200);
  REQUIRE(h.Iam("Action=CreateUser&UserName=v", kRoot).status == 200);
  REQUIRE(
      h.Iam("Action=PutUserPolicy&UserName=v&PolicyName=p&PolicyDocument=" + Allow("redshift:*"),
            kRoot)
          .status == 200);
  HttpResponse denied = CreateCluster(h, "c1", session);
  INFO(denied.body);
  CHECK(denied.status == 403);
  CHECK(ErrorCode(denied) == "InvalidClientTokenId");
  REQUIRE(h.Iam("Action=CreateUser&UserName=u", kRoot).status == 200);
  CHECK(CreateCluster(h, "c2", session).status == 403);
}

}  // namespace rsemu::api
