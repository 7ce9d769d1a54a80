// In-process tests of the IAM API: users, groups, roles, tags, access keys,
// inline and managed policies (versions, attachments, limits), listing with
// Marker/MaxItems, GetAccountAuthorizationDetails and IAM's errors.
#include "api/handlers/iam_store.h"
#include "tests/api/identity_harness.h"

namespace rsemu::api {
namespace {

using testing::Encode;
using testing::ErrorCode;
using testing::Field;
using testing::IdentityHarness;
using testing::Occurrences;

const std::string kDoc =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"redshift:Describe*","Resource":"*"}]})";

}  // namespace

TEST_CASE("iam users: create, get, list, update, tag, delete and their errors") {
  IdentityHarness h;
  HttpResponse created = h.Iam(
      "Action=CreateUser&UserName=alice&Path=/eng/&Tags.member.1.Key=team"
      "&Tags.member.1.Value=data");
  REQUIRE(created.status == 200);
  CHECK(Field(created, "Arn") == "arn:aws:iam::111111111111:user/eng/alice");
  CHECK(std::regex_search(created.body, std::regex("<UserId>AIDA[A-Z0-9]{17}</UserId>")));
  CHECK(created.body.find("<Tags><member><Key>team</Key><Value>data</Value></member></Tags>") !=
        std::string::npos);
  HttpResponse duplicate = h.Iam("Action=CreateUser&UserName=ALICE");
  CHECK(duplicate.status == 409);
  CHECK(ErrorCode(duplicate) == "EntityAlreadyExists");
  CHECK(ErrorCode(h.Iam("Action=CreateUser&UserName=a%20b")) == "ValidationError");
  CHECK(ErrorCode(h.Iam("Action=CreateUser&UserName=x&Path=eng")) == "ValidationError");
  CHECK(ErrorCode(h.Iam("Action=CreateUser&UserName=" + std::string(65, 'a'))) ==
        "ValidationError");
  CHECK(ErrorCode(
            h.Iam("Action=CreateUser&UserName=t&Tags.member.1.Key=aws:x&Tags.member.1.Value=v")) ==
        "InvalidInput");
  HttpResponse missing = h.Iam("Action=GetUser&UserName=nobody");
  CHECK(missing.status == 404);
  CHECK(ErrorCode(missing) == "NoSuchEntity");
  CHECK(Field(h.Iam("Action=GetUser&UserName=Alice"), "UserName") == "alice");
  // Users of another account are invisible.
  CHECK(ErrorCode(h.Iam("Action=GetUser&UserName=alice", {"222222222222", "x", ""})) ==
        "NoSuchEntity");

  REQUIRE(
      h.Iam("Action=TagUser&UserName=alice&Tags.member.1.Key=env&Tags.member.1.Value=dev").status ==
      200);
  CHECK(Occurrences(h.Iam("Action=ListUserTags&UserName=alice").body, "<Key>") == 2);
  REQUIRE(h.Iam("Action=UntagUser&UserName=alice&TagKeys.member.1=team").status == 200);
  CHECK(Occurrences(h.Iam("Action=ListUserTags&UserName=alice").body, "<Key>") == 1);

  REQUIRE(h.Iam("Action=CreateAccessKey&UserName=alice").status == 200);
  REQUIRE(h.Iam("Action=UpdateUser&UserName=alice&NewUserName=alicia&NewPath=/ops/").status == 200);
  HttpResponse renamed = h.Iam("Action=GetUser&UserName=alicia");
  CHECK(Field(renamed, "Arn") == "arn:aws:iam::111111111111:user/ops/alicia");
  CHECK(Occurrences(h.Iam("Action=ListAccessKeys&UserName=alicia").body, "<AccessKeyId>") == 1);
  CHECK(ErrorCode(h.Iam("Action=DeleteUser&UserName=alicia")) == "DeleteConflict");

  HttpResponse listed = h.Iam("Action=ListUsers&PathPrefix=/ops/");
  CHECK(Occurrences(listed.body, "<member><Path>") == 1);
  CHECK(Field(listed, "IsTruncated") == "false");
}

TEST_CASE("iam lists page with Marker and MaxItems") {
  IdentityHarness h;
  for (int i = 0; i < 5; ++i)
    REQUIRE(h.Iam("Action=CreateUser&UserName=u" + std::to_string(i)).status == 200);
  HttpResponse first = h.Iam("Action=ListUsers&MaxItems=2");
  CHECK(Occurrences(first.body, "<UserName>") == 2);
  CHECK(Field(first, "IsTruncated") == "true");
  std::string marker = Field(first, "Marker");
  REQUIRE(!marker.empty());
  HttpResponse rest = h.Iam("Action=ListUsers&MaxItems=10&Marker=" + Encode(marker));
  CHECK(Occurrences(rest.body, "<UserName>") == 3);
  CHECK(Field(rest, "IsTruncated") == "false");
  CHECK(ErrorCode(h.Iam("Action=ListUsers&MaxItems=0")) == "ValidationError");
  CHECK(ErrorCode(h.Iam("Action=ListUsers&Marker=garbage")) == "InvalidInput");
}

TEST_CASE("iam access keys: two per user, status, last used, delete") {
  IdentityHarness h;
  REQUIRE(h.Iam("Action=CreateUser&UserName=bob").status == 200);
  HttpResponse first = h.Iam("Action=CreateAccessKey&UserName=bob");
  CHECK(std::regex_search(first.body, std::regex("<AccessKeyId>AKIA[A-Z0-9]{16}</AccessKeyId>")));
  CHECK(Field(first, "SecretAccessKey").size() == 40);
  CHECK(Field(first, "Status") == "Active");
  REQUIRE(h.Iam("Action=CreateAccessKey&UserName=bob").status == 200);
  HttpResponse third = h.Iam("Action=CreateAccessKey&UserName=bob");
  CHECK(third.status == 409);
  CHECK(ErrorCode(third) == "LimitExceeded");
  std::string key = Field(first, "AccessKeyId");
  CHECK(h.Iam("Action=ListAccessKeys&UserName=bob").body.find("SecretAccessKey") ==
        std::string::npos);
  CHECK(Field(h.Iam("Action=GetAccessKeyLastUsed&AccessKeyId=" + key), "ServiceName") == "N/A");
  REQUIRE(h.Sts("Action=GetCallerIdentity", {key, Field(first, "SecretAccessKey"), ""}).status ==
          200);
  CHECK(Field(h.Iam("Action=GetAccessKeyLastUsed&AccessKeyId=" + key), "ServiceName") == "sts");
  CHECK(ErrorCode(h.Iam("Action=UpdateAccessKey&UserName=bob&AccessKeyId=AKIANOPENOPENOPE0000&"
                        "Status=Inactive")) == "NoSuchEntity");
  CHECK(ErrorCode(h.Iam("Action=UpdateAccessKey&UserName=bob&AccessKeyId=" + key +
                        "&Status=Off")) == "ValidationError");
  REQUIRE(h.Iam("Action=DeleteAccessKey&UserName=bob&AccessKeyId=" + key).status == 200);
  CHECK(ErrorCode(h.Iam("Action=DeleteAccessKey&UserName=bob&AccessKeyId=" + key)) ==
        "NoSuchEntity");
  CHECK(h.Iam("Action=CreateAccessKey&UserName=bob").status == 200);  // room again
  // Without UserName: the calling user; root must name one.
  CHECK(ErrorCode(h.Iam("Action=ListAccessKeys")) == "ValidationError");
}

TEST_CASE("iam groups: members, inline and attached policies, delete conflicts") {
  IdentityHarness h;
  REQUIRE(h.Iam("Action=CreateGroup&GroupName=admins").status == 200);
  CHECK(ErrorCode(h.Iam("Action=CreateGroup&GroupName=Admins")) == "EntityAlreadyExists");
  REQUIRE(h.Iam("Action=CreateUser&UserName=carol").status == 200);
  REQUIRE(h.Iam("Action=AddUserToGroup&GroupName=admins&UserName=carol").status == 200);
  CHECK(Occurrences(h.Iam("Action=GetGroup&GroupName=admins").body, "<UserName>carol") == 1);
  CHECK(Field(h.Iam("Action=ListGroupsForUser&UserName=carol"), "GroupName") == "admins");
  CHECK(Occurrences(h.Iam("Action=ListGroups").body, "<GroupName>") == 1);
  CHECK(ErrorCode(h.Iam("Action=DeleteGroup&GroupName=admins")) == "DeleteConflict");
  CHECK(ErrorCode(h.Iam("Action=DeleteUser&UserName=carol")) == "DeleteConflict");
  REQUIRE(
      h.Iam("Action=PutGroupPolicy&GroupName=admins&PolicyName=read&PolicyDocument=" + Encode(kDoc))
          .status == 200);
  CHECK(Field(h.Iam("Action=ListGroupPolicies&GroupName=admins"), "member") == "read");
  HttpResponse got = h.Iam("Action=GetGroupPolicy&GroupName=admins&PolicyName=read");
  CHECK(Field(got, "PolicyDocument") == Encode(kDoc));  // URL-encoded, as IAM answers
  REQUIRE(h.Iam("Action=AttachGroupPolicy&GroupName=admins&PolicyArn=arn:aws:iam::aws:policy/"
                "AdministratorAccess")
              .status == 200);
  CHECK(Occurrences(h.Iam("Action=ListAttachedGroupPolicies&GroupName=admins").body,
                    "<PolicyArn>") == 1);
  // The user's policy set pools the group's policies.
  REQUIRE(h.Iam("Action=RemoveUserFromGroup&GroupName=admins&UserName=carol").status == 200);
  CHECK(ErrorCode(h.Iam("Action=RemoveUserFromGroup&GroupName=admins&UserName=carol")) ==
        "NoSuchEntity");
  CHECK(ErrorCode(h.Iam("Action=DeleteGroup&GroupName=admins")) == "DeleteConflict");
  REQUIRE(h.Iam("Action=DeleteGroupPolicy&GroupName=admins&PolicyName=read").status == 200);
  CHECK(ErrorCode(h.Iam("Action=DeleteGroupPolicy&GroupName=admins&PolicyName=read")) ==
        "NoSuchEntity");
  REQUIRE(h.Iam("Action=DetachGroupPolicy&GroupName=admins&PolicyArn=arn:aws:iam::aws:policy/"
                "AdministratorAccess")
              .status == 200);
  CHECK(h.Iam("Action=DeleteGroup&GroupName=admins").status == 200);
  CHECK(h.Iam("Action=DeleteUser&UserName=carol").status == 200);
}

TEST_CASE("iam inline policies: validation with line and column, size limits") {
  IdentityHarness h;
  REQUIRE(h.Iam("Action=CreateUser&UserName=dave").status == 200);
  HttpResponse bad = h.Iam("Action=PutUserPolicy&UserName=dave&PolicyName=p&PolicyDocument=" +
                           Encode("{\"Version\": \"2012-10-17\"\n \"Statement\": []}"));
  CHECK(bad.status == 400);
  CHECK(ErrorCode(bad) == "MalformedPolicyDocument");
  CHECK(bad.body.find("line 2") != std::string::npos);
  CHECK(
      ErrorCode(h.Iam(
          "Action=PutUserPolicy&UserName=dave&PolicyName=p&PolicyDocument=" +
          Encode(
              R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Principal":"*"}]})"))) ==
      "MalformedPolicyDocument");
  std::string big = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[)";
  for (int i = 0; i < 120; ++i)
    big += (i ? "," : "") + std::string("\"redshift:Describe") + std::to_string(i) + "\"";
  big += R"(],"Resource":"*"}]})";
  HttpResponse too_big =
      h.Iam("Action=PutUserPolicy&UserName=dave&PolicyName=big&PolicyDocument=" + Encode(big));
  CHECK(ErrorCode(too_big) == "LimitExceeded");
  REQUIRE(h.Iam("Action=PutUserPolicy&UserName=dave&PolicyName=p&PolicyDocument=" + Encode(kDoc))
              .status == 200);
  CHECK(Field(h.Iam("Action=GetUserPolicy&UserName=dave&PolicyName=p"), "PolicyName") == "p");
  CHECK(ErrorCode(h.Iam("Action=GetUserPolicy&UserName=dave&PolicyName=q")) == "NoSuchEntity");
  CHECK(Occurrences(h.Iam("Action=ListUserPolicies&UserName=dave").body, "<member>") == 1);
  REQUIRE(h.Iam("Action=DeleteUserPolicy&UserName=dave&PolicyName=p").status == 200);
}

TEST_CASE("iam roles: trust policies, sessions duration, tags, inline and attached policies") {
  IdentityHarness h;
  REQUIRE(h.Iam("Action=CreateUser&UserName=erin").status == 200);
  HttpResponse role = h.Iam(
      "Action=CreateRole&RoleName=ops&MaxSessionDuration=7200&Description=d"
      "&AssumeRolePolicyDocument=" +
      testing::TrustFor("arn:aws:iam::111111111111:user/erin"));
  REQUIRE(role.status == 200);
  CHECK(std::regex_search(role.body, std::regex("<RoleId>AROA[A-Z0-9]{17}</RoleId>")));
  CHECK(Field(role, "AssumeRolePolicyDocument").starts_with("%7B%22Version%22"));
  CHECK(ErrorCode(h.Iam("Action=CreateRole&RoleName=OPS&AssumeRolePolicyDocument=" +
                        testing::TrustFor("*"))) == "EntityAlreadyExists");
  CHECK(ErrorCode(h.Iam("Action=CreateRole&RoleName=r2&AssumeRolePolicyDocument=" +
                        Encode(kDoc))) == "MalformedPolicyDocument");
  CHECK(ErrorCode(h.Iam("Action=CreateRole&RoleName=r3&AssumeRolePolicyDocument=" +
                        testing::TrustFor("arn:aws:iam::111111111111:user/ghost"))) ==
        "MalformedPolicyDocument");
  CHECK(ErrorCode(h.Iam("Action=CreateRole&RoleName=r4&MaxSessionDuration=100&"
                        "AssumeRolePolicyDocument=" +
                        testing::TrustFor("*"))) == "ValidationError");
  CHECK(Field(h.Iam("Action=GetRole&RoleName=ops"), "MaxSessionDuration") == "7200");
  REQUIRE(h.Iam("Action=UpdateRole&RoleName=ops&MaxSessionDuration=3600").status == 200);
  CHECK(Field(h.Iam("Action=GetRole&RoleName=ops"), "MaxSessionDuration") == "3600");
  REQUIRE(h.Iam("Action=UpdateAssumeRolePolicy&RoleName=ops&PolicyDocument=" +
                testing::TrustFor("111111111111"))
              .status == 200);
  CHECK(Field(h.Iam("Action=GetRole&RoleName=ops"), "AssumeRolePolicyDocument")
            .find("111111111111%22") != std::string::npos);
  REQUIRE(
      h.Iam("Action=TagRole&RoleName=ops&Tags.member.1.Key=env&Tags.member.1.Value=test").status ==
      200);
  CHECK(Field(h.Iam("Action=ListRoleTags&RoleName=ops"), "Key") == "env");
  REQUIRE(h.Iam("Action=UntagRole&RoleName=ops&TagKeys.member.1=env").status == 200);
  CHECK(Occurrences(h.Iam("Action=ListRoleTags&RoleName=ops").body, "<Key>") == 0);
  REQUIRE(h.Iam("Action=PutRolePolicy&RoleName=ops&PolicyName=p&PolicyDocument=" + Encode(kDoc))
              .status == 200);
  CHECK(Field(h.Iam("Action=GetRolePolicy&RoleName=ops&PolicyName=p"), "RoleName") == "ops");
  CHECK(Occurrences(h.Iam("Action=ListRolePolicies&RoleName=ops").body, "<member>") == 1);
  REQUIRE(h.Iam("Action=AttachRolePolicy&RoleName=ops&PolicyArn=arn:aws:iam::aws:policy/"
                "AmazonRedshiftFullAccess")
              .status == 200);
  CHECK(Occurrences(h.Iam("Action=ListAttachedRolePolicies&RoleName=ops").body, "<PolicyName>") ==
        1);
  CHECK(Occurrences(h.Iam("Action=ListRoles").body, "<RoleName>") == 1);
  CHECK(ErrorCode(h.Iam("Action=DeleteRole&RoleName=ops")) == "DeleteConflict");
  REQUIRE(h.Iam("Action=DeleteRolePolicy&RoleName=ops&PolicyName=p").status == 200);
  REQUIRE(h.Iam("Action=DetachRolePolicy&RoleName=ops&PolicyArn=arn:aws:iam::aws:policy/"
                "AmazonRedshiftFullAccess")
              .status == 200);
  CHECK(ErrorCode(h.Iam("Action=DetachRolePolicy&RoleName=ops&PolicyArn=arn:aws:iam::aws:policy/"
                        "AmazonRedshiftFullAccess")) == "NoSuchEntity");
  CHECK(h.Iam("Action=DeleteRole&RoleName=ops").status == 200);
  CHECK(ErrorCode(h.Iam("Action=GetRole&RoleName=ops")) == "NoSuchEntity");
}

TEST_CASE("iam managed policies: versions, attachments, entities, AWS managed, limits") {
  IdentityHarness h;
  HttpResponse created = h.Iam(
      "Action=CreatePolicy&PolicyName=P1&Path=/team/&Description=x"
      "&PolicyDocument=" +
      Encode(kDoc));
  REQUIRE(created.status == 200);
  std::string arn = Field(created, "Arn");
  CHECK(arn == "arn:aws:iam::111111111111:policy/team/P1");
  CHECK(std::regex_search(created.body, std::regex("<PolicyId>ANPA[A-Z0-9]{17}</PolicyId>")));
  CHECK(ErrorCode(h.Iam("Action=CreatePolicy&PolicyName=p1&PolicyDocument=" + Encode(kDoc))) ==
        "EntityAlreadyExists");
  CHECK(ErrorCode(h.Iam("Action=CreatePolicy&PolicyName=bad&PolicyDocument=" + Encode("{"))) ==
        "MalformedPolicyDocument");
  CHECK(Field(h.Iam("Action=GetPolicy&PolicyArn=" + arn), "DefaultVersionId") == "v1");
  CHECK(ErrorCode(h.Iam("Action=GetPolicy&PolicyArn=arn:aws:iam::111111111111:policy/none")) ==
        "NoSuchEntity");
  for (int i = 2; i <= 5; ++i) {
    HttpResponse version =
        h.Iam("Action=CreatePolicyVersion&PolicyArn=" + arn + "&PolicyDocument=" + Encode(kDoc) +
              (i == 3 ? "&SetAsDefault=true" : ""));
    REQUIRE(version.status == 200);
    CHECK(Field(version, "VersionId") == "v" + std::to_string(i));
  }
  CHECK(ErrorCode(h.Iam("Action=CreatePolicyVersion&PolicyArn=" + arn +
                        "&PolicyDocument=" + Encode(kDoc))) == "LimitExceeded");
  CHECK(Field(h.Iam("Action=GetPolicy&PolicyArn=" + arn), "DefaultVersionId") == "v3");
  CHECK(Occurrences(h.Iam("Action=ListPolicyVersions&PolicyArn=" + arn).body, "<VersionId>") == 5);
  CHECK(Field(h.Iam("Action=GetPolicyVersion&PolicyArn=" + arn + "&VersionId=v2"), "Document") ==
        Encode(kDoc));
  CHECK(ErrorCode(h.Iam("Action=GetPolicyVersion&PolicyArn=" + arn + "&VersionId=v9")) ==
        "NoSuchEntity");
  CHECK(ErrorCode(h.Iam("Action=DeletePolicyVersion&PolicyArn=" + arn + "&VersionId=v3")) ==
        "DeleteConflict");
  REQUIRE(h.Iam("Action=SetDefaultPolicyVersion&PolicyArn=" + arn + "&VersionId=v1").status == 200);
  for (int i = 2; i <= 5; ++i) {
    REQUIRE(
        h.Iam("Action=DeletePolicyVersion&PolicyArn=" + arn + "&VersionId=v" + std::to_string(i))
            .status == 200);
  }
  REQUIRE(h.Iam("Action=CreateUser&UserName=frank").status == 200);
  REQUIRE(h.Iam("Action=AttachUserPolicy&UserName=frank&PolicyArn=" + arn).status == 200);
  CHECK(Field(h.Iam("Action=GetPolicy&PolicyArn=" + arn), "AttachmentCount") == "1");
  HttpResponse entities = h.Iam("Action=ListEntitiesForPolicy&PolicyArn=" + arn);
  CHECK(entities.body.find("<PolicyUsers><member><UserName>frank</UserName>") != std::string::npos);
  CHECK(entities.body.find("<PolicyGroups></PolicyGroups>") != std::string::npos);
  CHECK(ErrorCode(h.Iam("Action=DeletePolicy&PolicyArn=" + arn)) == "DeleteConflict");
  CHECK(ErrorCode(h.Iam("Action=AttachUserPolicy&UserName=frank&PolicyArn=arn:aws:iam::aws:policy/"
                        "Nope")) == "NoSuchEntity");
  CHECK(Occurrences(h.Iam("Action=ListPolicies&Scope=AWS").body, "<PolicyName>") == 3);
  CHECK(Occurrences(h.Iam("Action=ListPolicies&Scope=Local").body, "<PolicyName>") == 1);
  CHECK(Occurrences(h.Iam("Action=ListPolicies&OnlyAttached=true").body, "<PolicyName>") == 1);
  HttpResponse aws = h.Iam(
      "Action=GetPolicyVersion&PolicyArn=arn:aws:iam::aws:policy/"
      "AmazonRedshiftReadOnlyAccess&VersionId=v1");
  CHECK(Field(aws, "Document").find("redshift%3ADescribe%2A") != std::string::npos);
  CHECK(ErrorCode(
            h.Iam("Action=DeletePolicy&PolicyArn=arn:aws:iam::aws:policy/AdministratorAccess")) ==
        "UnmodifiableEntity");
  // Ten attachments per identity at most.
  for (int i = 0; i < 9; ++i) {
    HttpResponse more = h.Iam("Action=CreatePolicy&PolicyName=M" + std::to_string(i) +
                              "&PolicyDocument=" + Encode(kDoc));
    REQUIRE(
        h.Iam("Action=AttachUserPolicy&UserName=frank&PolicyArn=" + Field(more, "Arn")).status ==
        200);
  }
  CHECK(ErrorCode(h.Iam("Action=AttachUserPolicy&UserName=frank&PolicyArn=arn:aws:iam::aws:policy/"
                        "AdministratorAccess")) == "LimitExceeded");
  HttpResponse details = h.Iam("Action=GetAccountAuthorizationDetails&Filter.member.1=User");
  CHECK(Occurrences(details.body, "<UserName>frank</UserName>") == 1);
  CHECK(Occurrences(details.body, "<AttachedManagedPolicies><member>") == 1);
  HttpResponse all = h.Iam("Action=GetAccountAuthorizationDetails");
  CHECK(Occurrences(all.body, "<PolicyVersionList>") == 10);
  REQUIRE(h.Iam("Action=DetachUserPolicy&UserName=frank&PolicyArn=" + arn).status == 200);
  CHECK(h.Iam("Action=DeletePolicy&PolicyArn=" + arn).status == 200);
}

}  // namespace rsemu::api
