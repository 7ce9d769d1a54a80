// In-process tests of STS: GetCallerIdentity per principal type, AssumeRole
// within and across accounts (trust policy, identity policy, ExternalId,
// durations, chaining, session tags and policies), expired and forged session
// tokens, GetSessionToken, and resource ownership by the role's account.
#include "tests/api/identity_harness.h"

namespace rsemu::api {
namespace {

using testing::Credentials;
using testing::Encode;
using testing::ErrorCode;
using testing::Field;
using testing::IdentityHarness;
using testing::TrustFor;

const Credentials kRootA{"111111111111", "x", ""};
const Credentials kRootB{"222222222222", "x", ""};
const std::string kAllowAssume = Encode(
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]})");

Credentials SessionOf(const HttpResponse& response) {
  return {Field(response, "AccessKeyId"), Field(response, "SecretAccessKey"),
          Field(response, "SessionToken")};
}

std::string Assume(const std::string& role, const std::string& extra = "") {
  return "Action=AssumeRole&RoleSessionName=s1&RoleArn=arn:aws:iam::111111111111:role/" + role +
         extra;
}

}  // namespace

TEST_CASE("sts: AssumeRole within an account, the session's identity and its errors") {
  IdentityHarness h;
  Credentials alice = testing::UserWithKey(h, "alice");
  REQUIRE(h.Iam("Action=CreateRole&RoleName=ops&MaxSessionDuration=7200&Tags.member.1.Key=env&"
                "Tags.member.1.Value=test&AssumeRolePolicyDocument=" +
                TrustFor("arn:aws:iam::111111111111:user/alice"))
              .status == 200);
  CHECK(Field(h.Sts("Action=GetCallerIdentity", alice), "UserId").starts_with("AIDA"));

  HttpResponse assumed = h.Sts(Assume("ops", "&DurationSeconds=7200"), alice);
  REQUIRE(assumed.status == 200);
  CHECK(std::regex_search(assumed.body, std::regex("<AccessKeyId>ASIA[A-Z0-9]{16}</AccessKeyId>")));
  CHECK(Field(assumed, "Expiration") == "2025-11-28T10:00:00Z");
  CHECK(Field(assumed, "Arn") == "arn:aws:sts::111111111111:assumed-role/ops/s1");
  CHECK(std::regex_search(Field(assumed, "AssumedRoleId"), std::regex("^AROA[A-Z0-9]{17}:s1$")));
  Credentials session = SessionOf(assumed);
  HttpResponse me = h.Sts("Action=GetCallerIdentity", session);
  CHECK(Field(me, "Arn") == "arn:aws:sts::111111111111:assumed-role/ops/s1");
  CHECK(Field(me, "Account") == "111111111111");
  CHECK(Field(me, "UserId") == Field(assumed, "AssumedRoleId"));

  CHECK(ErrorCode(h.Sts(Assume("ops", "&DurationSeconds=7201"), alice)) == "ValidationError");
  CHECK(ErrorCode(h.Sts(Assume("ops", "&DurationSeconds=60"), alice)) == "ValidationError");
  CHECK(ErrorCode(h.Sts("Action=AssumeRole&RoleSessionName=a%20b&RoleArn=arn:aws:iam::111111111111:"
                        "role/ops",
                        alice)) == "ValidationError");
  HttpResponse root = h.Sts(Assume("ops"), kRootA);
  CHECK(root.status == 403);
  CHECK(ErrorCode(root) == "AccessDenied");
  CHECK(root.body.find("Roles may not be assumed by root accounts.") != std::string::npos);
  CHECK(ErrorCode(h.Sts(Assume("ghost"), alice)) == "AccessDenied");
  Credentials bob = testing::UserWithKey(h, "bob");
  HttpResponse denied = h.Sts(Assume("ops"), bob);
  CHECK(ErrorCode(denied) == "AccessDenied");
  CHECK(denied.body.find("no role trust policy allows") != std::string::npos);

  // Forged and missing tokens, then expiry.
  CHECK(ErrorCode(h.Sts("Action=GetCallerIdentity", {session.key, session.secret, "forged"})) ==
        "InvalidClientTokenId");
  CHECK(ErrorCode(h.Sts("Action=GetCallerIdentity", {session.key, session.secret, ""})) ==
        "InvalidClientTokenId");
  CHECK(ErrorCode(h.Sts("Action=GetCallerIdentity", {session.key, "wrong", session.token})) ==
        "SignatureDoesNotMatch");
  h.clock->Advance(7200 * 1000);
  HttpResponse expired = h.Sts("Action=GetCallerIdentity", session);
  CHECK(expired.status == 403);
  CHECK(ErrorCode(expired) == "ExpiredToken");
}

TEST_CASE("sts: cross-account AssumeRole needs the trust policy and an identity policy") {
  IdentityHarness h;
  REQUIRE(
      h.Iam("Action=CreateRole&RoleName=xacct&AssumeRolePolicyDocument=" + TrustFor("222222222222"))
          .status == 200);
  Credentials carol = testing::UserWithKey(h, "carol", kRootB);
  HttpResponse denied = h.Sts(Assume("xacct"), carol);
  CHECK(ErrorCode(denied) == "AccessDenied");
  CHECK(denied.body.find("no identity-based policy allows") != std::string::npos);
  REQUIRE(
      h.Iam("Action=PutUserPolicy&UserName=carol&PolicyName=assume&PolicyDocument=" + kAllowAssume,
            kRootB)
          .status == 200);
  HttpResponse assumed = h.Sts(Assume("xacct"), carol);
  REQUIRE(assumed.status == 200);
  Credentials session = SessionOf(assumed);
  CHECK(Field(h.Sts("Action=GetCallerIdentity", session), "Account") == "111111111111");
  // What the session creates belongs to the role's account (the role may create clusters).
  REQUIRE(
      h.Iam(
           "Action=PutRolePolicy&RoleName=xacct&PolicyName=create&PolicyDocument=" +
           Encode(
               R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"redshift:CreateCluster","Resource":"*"}]})"))
          .status == 200);
  HttpResponse cluster = h.Call("redshift",
                                "Action=CreateCluster&Version=2012-12-01&ClusterIdentifier=owned&"
                                "NodeType=dc2.large&MasterUsername=awsuser&MasterUserPassword="
                                "Passw0rd1",
                                session);
  REQUIRE(cluster.status == 200);
  CHECK(h.Call("redshift", "Action=DescribeClusters&Version=2012-12-01", kRootA)
            .body.find("<ClusterIdentifier>owned</ClusterIdentifier>") != std::string::npos);
  CHECK(
      h.Call("redshift", "Action=DescribeClusters&Version=2012-12-01", kRootB).body.find("owned") ==
      std::string::npos);
  // An explicit deny in the caller's policies wins.
  REQUIRE(
      h.Iam(
           "Action=PutUserPolicy&UserName=carol&PolicyName=deny&PolicyDocument=" +
               Encode(
                   R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"sts:*","Resource":"*"}]})"),
           kRootB)
          .status == 200);
  CHECK(h.Sts(Assume("xacct"), carol).body.find("explicit deny in an identity-based policy") !=
        std::string::npos);
}

TEST_CASE(
    "sts: ExternalId and principal-tag conditions, session tags, chaining, session policies") {
  IdentityHarness h;
  Credentials dan = testing::UserWithKey(h, "dan");
  REQUIRE(
      h.Iam("Action=TagUser&UserName=dan&Tags.member.1.Key=team&Tags.member.1.Value=data").status ==
      200);
  std::string trust = Encode(
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/dan"},"Action":["sts:AssumeRole","sts:TagSession"],"Condition":{"StringEquals":{"sts:ExternalId":"secret-1","aws:PrincipalTag/team":"data"}}}]})");
  REQUIRE(h.Iam("Action=CreateRole&RoleName=cond&AssumeRolePolicyDocument=" + trust).status == 200);
  CHECK(ErrorCode(h.Sts(Assume("cond"), dan)) == "AccessDenied");
  CHECK(ErrorCode(h.Sts(Assume("cond", "&ExternalId=wrong-1"), dan)) == "AccessDenied");
  HttpResponse tagged = h.Sts(Assume("cond",
                                     "&ExternalId=secret-1&Tags.member.1.Key=project&"
                                     "Tags.member.1.Value=x&TransitiveTagKeys.member.1=project"),
                              dan);
  REQUIRE(tagged.status == 200);
  CHECK(!Field(tagged, "PackedPolicySize").empty());
  CHECK(ErrorCode(h.Sts(Assume("cond", "&ExternalId=secret-1&TransitiveTagKeys.member.1=nope"),
                        dan)) == "InvalidParameterValue");
  CHECK(ErrorCode(h.Sts(Assume("cond", "&ExternalId=secret-1&Policy=" + Encode("{nope")), dan)) ==
        "MalformedPolicyDocument");
  std::string big = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[)";
  for (int i = 0; i < 120; ++i)
    big += (i ? "," : "") + std::string("\"redshift:Describe") + std::to_string(i) + "\"";
  big += R"(],"Resource":"*"}]})";
  CHECK(ErrorCode(h.Sts(Assume("cond", "&ExternalId=secret-1&Policy=" + Encode(big)), dan)) ==
        "PackedPolicyTooLarge");
  CHECK(h.Sts(Assume("cond",
                     "&ExternalId=secret-1&PolicyArns.member.1.arn=arn:aws:iam::aws:"
                     "policy/AmazonRedshiftReadOnlyAccess"),
              dan)
            .status == 200);

  // Role chaining: the session of "cond" assumes "next" (which trusts that role), at most 1 h.
  REQUIRE(
      h.Iam("Action=CreateRole&RoleName=next&MaxSessionDuration=7200&AssumeRolePolicyDocument=" +
            TrustFor("arn:aws:iam::111111111111:role/cond"))
          .status == 200);
  Credentials session = SessionOf(tagged);
  CHECK(ErrorCode(h.Sts(Assume("next", "&DurationSeconds=7200"), session)) == "ValidationError");
  HttpResponse chained = h.Sts(Assume("next"), session);
  REQUIRE(chained.status == 200);
  CHECK(Field(chained, "Arn") == "arn:aws:sts::111111111111:assumed-role/next/s1");
}

TEST_CASE("sts: GetSessionToken acts as the user; sessions cannot call it") {
  IdentityHarness h;
  Credentials erin = testing::UserWithKey(h, "erin");
  HttpResponse token = h.Sts("Action=GetSessionToken&DurationSeconds=900", erin);
  REQUIRE(token.status == 200);
  CHECK(Field(token, "Expiration") == "2025-11-28T08:15:00Z");
  Credentials session = SessionOf(token);
  CHECK(session.key.starts_with("ASIA"));
  CHECK(Field(h.Sts("Action=GetCallerIdentity", session), "Arn") ==
        "arn:aws:iam::111111111111:user/erin");
  CHECK(ErrorCode(h.Sts("Action=GetSessionToken&DurationSeconds=60", erin)) == "ValidationError");
  REQUIRE(h.Iam("Action=CreateRole&RoleName=r&AssumeRolePolicyDocument=" +
                TrustFor("arn:aws:iam::111111111111:user/erin"))
              .status == 200);
  Credentials role_session = SessionOf(h.Sts(Assume("r"), erin));
  CHECK(ErrorCode(h.Sts("Action=GetSessionToken", role_session)) == "AccessDenied");
  CHECK(Field(h.Sts("Action=GetSessionToken", kRootA), "AccessKeyId").starts_with("ASIA"));
}

}  // namespace rsemu::api
