// In-process tests of the IAM policy simulator: SimulatePrincipalPolicy for a
// user (with its groups), a group and a role, SimulateCustomPolicy, the
// GetContextKeysFor*Policy operations, paging, and their errors — and that the
// simulator decides as the gate does.
#include "api/handlers/iam_store.h"
#include "tests/api/identity_harness.h"

namespace rsemu::api {
namespace {

using testing::Encode;
using testing::ErrorCode;
using testing::Field;
using testing::IdentityHarness;
using testing::Occurrences;

const std::string kAccount = "111111111111";
const std::string kUserPolicy =
    "{\n"
    "  \"Version\": \"2012-10-17\",\n"
    "  \"Statement\": [\n"
    "    {\"Sid\": \"Describe\", \"Effect\": \"Allow\", \"Action\": \"redshift:Describe*\",\n"
    "     \"Resource\": \"*\"},\n"
    "    {\"Sid\": \"NoDelete\", \"Effect\": \"Deny\", \"Action\": \"redshift:DeleteCluster\",\n"
    "     \"Resource\": \"*\"}\n"
    "  ]\n"
    "}";
const std::string kTaggedModify =
    R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"redshift:ModifyCluster",)"
    R"("Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/Environment":"test"}}}})";
const std::string kOwnName =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser",)"
    R"("Resource":"arn:aws:iam::111111111111:user/${aws:username}"}]})";

std::string Actions(std::initializer_list<std::string> actions) {
  std::string out;
  int i = 0;
  for (const std::string& action : actions)
    out += "&ActionNames.member." + std::to_string(++i) + "=" + action;
  return out;
}

// The EvaluationResult members of `body`, in order.
std::vector<std::string> Decisions(const std::string& body) {
  std::vector<std::string> out;
  std::regex pattern("<EvalDecision>([^<]*)</EvalDecision>");
  for (auto it = std::sregex_iterator(body.begin(), body.end(), pattern);
       it != std::sregex_iterator(); ++it)
    out.push_back((*it)[1].str());
  return out;
}

struct SimulatorFixture {
  IdentityHarness h;
  SimulatorFixture() {
    REQUIRE(h.Iam("Action=CreateUser&UserName=alice&Tags.member.1.Key=team"
                  "&Tags.member.1.Value=data")
                .status == 200);
    REQUIRE(h.Iam("Action=PutUserPolicy&UserName=alice&PolicyName=base&PolicyDocument=" +
                  Encode(kUserPolicy))
                .status == 200);
    REQUIRE(h.Iam("Action=CreateGroup&GroupName=ops").status == 200);
    REQUIRE(h.Iam("Action=AddUserToGroup&GroupName=ops&UserName=alice").status == 200);
    REQUIRE(h.Iam("Action=AttachGroupPolicy&GroupName=ops&PolicyArn=arn:aws:iam::aws:policy/"
                  "AmazonRedshiftReadOnlyAccess")
                .status == 200);
    REQUIRE(h.Iam("Action=CreatePolicy&PolicyName=modify&PolicyDocument=" + Encode(kTaggedModify))
                .status == 200);
    REQUIRE(h.Iam("Action=AttachGroupPolicy&GroupName=ops&PolicyArn=arn:aws:iam::" + kAccount +
                  ":policy/modify")
                .status == 200);
    REQUIRE(h.Iam("Action=CreateRole&RoleName=reader&AssumeRolePolicyDocument=" +
                  testing::TrustFor("arn:aws:iam::" + kAccount + ":root"))
                .status == 200);
    REQUIRE(h.Iam("Action=PutRolePolicy&RoleName=reader&PolicyName=own&PolicyDocument=" +
                  Encode(kOwnName))
                .status == 200);
  }
};

}  // namespace

TEST_CASE("simulator: a user's own and group policies decide each action") {
  SimulatorFixture f;
  HttpResponse out = f.h.Iam(
      "Action=SimulatePrincipalPolicy&PolicySourceArn=arn:aws:iam::111111111111:user/alice" +
      Actions({"redshift:DescribeClusters", "redshift:DeleteCluster", "redshift:CreateCluster"}));
  REQUIRE(out.status == 200);
  CHECK(Decisions(out.body) == std::vector<std::string>{"allowed", "explicitDeny", "implicitDeny"});
  CHECK(Occurrences(out.body, "<EvalResourceName>*</EvalResourceName>") == 3);
  // DescribeClusters: the user's inline statement and the group's AWS managed policy.
  CHECK(out.body.find("<SourcePolicyId>base</SourcePolicyId><SourcePolicyType>user"
                      "</SourcePolicyType><StartPosition><Line>4</Line><Column>5</Column>"
                      "</StartPosition><EndPosition><Line>5</Line><Column>22</Column>") !=
        std::string::npos);
  CHECK(out.body.find("<SourcePolicyId>AmazonRedshiftReadOnlyAccess</SourcePolicyId>"
                      "<SourcePolicyType>aws-managed</SourcePolicyType>") != std::string::npos);
  // DeleteCluster: only the deny statement (second of the array).
  CHECK(out.body.find("<StartPosition><Line>6</Line><Column>5</Column></StartPosition>") !=
        std::string::npos);
  CHECK(Field(out, "IsTruncated") == "false");
}

TEST_CASE("simulator: resources, context entries and missing context values") {
  SimulatorFixture f;
  std::string base =
      "Action=SimulatePrincipalPolicy&PolicySourceArn=arn:aws:iam::111111111111:user/alice" +
      Actions({"redshift:ModifyCluster"}) +
      "&ResourceArns.member.1=arn:aws:redshift:us-east-1:111111111111:cluster:c1";
  HttpResponse missing = f.h.Iam(base);
  REQUIRE(missing.status == 200);
  CHECK(Decisions(missing.body) == std::vector<std::string>{"implicitDeny"});
  CHECK(missing.body.find("<MissingContextValues><member>aws:resourcetag/environment</member>") !=
        std::string::npos);
  HttpResponse given = f.h.Iam(base +
                               "&ContextEntries.member.1.ContextKeyName=aws:ResourceTag/Environment"
                               "&ContextEntries.member.1.ContextKeyValues.member.1=test"
                               "&ContextEntries.member.1.ContextKeyType=string");
  REQUIRE(given.status == 200);
  CHECK(Decisions(given.body) == std::vector<std::string>{"allowed"});
  CHECK(given.body.find("<SourcePolicyId>modify</SourcePolicyId><SourcePolicyType>user-managed"
                        "</SourcePolicyType>") != std::string::npos);
  CHECK(given.body.find("<member>aws:resourcetag") == std::string::npos);
}

TEST_CASE("simulator: the principal's keys are the source's, context entries override them") {
  SimulatorFixture f;
  std::string base = "Action=SimulatePrincipalPolicy" + Actions({"iam:GetUser"}) +
                     "&ResourceArns.member.1=arn:aws:iam::111111111111:user/reader"
                     "&ResourceArns.member.2=arn:aws:iam::111111111111:user/alice";
  // As the role "reader" there is no aws:username: nothing matches.
  HttpResponse role = f.h.Iam(base + "&PolicySourceArn=arn:aws:iam::111111111111:role/reader");
  REQUIRE(role.status == 200);
  CHECK(Decisions(role.body) == std::vector<std::string>{"implicitDeny", "implicitDeny"});
  HttpResponse named = f.h.Iam(base +
                               "&PolicySourceArn=arn:aws:iam::111111111111:role/reader"
                               "&ContextEntries.member.1.ContextKeyName=aws:username"
                               "&ContextEntries.member.1.ContextKeyValues.member.1=alice"
                               "&ContextEntries.member.1.ContextKeyType=string");
  CHECK(Decisions(named.body) == std::vector<std::string>{"implicitDeny", "allowed"});
  CHECK(named.body.find("<SourcePolicyId>own</SourcePolicyId><SourcePolicyType>role"
                        "</SourcePolicyType>") != std::string::npos);
  // PolicyInputList adds identity policies to the source's.
  std::string extra =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser",)"
      R"("Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"data"}}}]})";
  HttpResponse tagged = f.h.Iam(
      "Action=SimulatePrincipalPolicy&PolicySourceArn=arn:aws:iam::111111111111:user/alice" +
      Actions({"iam:GetUser"}) + "&PolicyInputList.member.1=" + Encode(extra));
  CHECK(Decisions(tagged.body) == std::vector<std::string>{"allowed"});
  CHECK(
      tagged.body.find("<SourcePolicyId>PolicyInputList.1</SourcePolicyId><SourcePolicyType>"
                       "none</SourcePolicyType><StartPosition><Line>1</Line><Column>38</Column>") !=
      std::string::npos);
}

TEST_CASE("simulator: a group source uses the group's policies only") {
  SimulatorFixture f;
  HttpResponse out =
      f.h.Iam("Action=SimulatePrincipalPolicy&PolicySourceArn=arn:aws:iam::111111111111:group/ops" +
              Actions({"redshift:DescribeClusters", "redshift:DeleteCluster"}));
  REQUIRE(out.status == 200);
  CHECK(Decisions(out.body) == std::vector<std::string>{"allowed", "implicitDeny"});
  CHECK(out.body.find("<SourcePolicyType>user</SourcePolicyType>") == std::string::npos);
}

TEST_CASE("simulator: results page with MaxItems and Marker") {
  SimulatorFixture f;
  std::string base =
      "Action=SimulatePrincipalPolicy&PolicySourceArn=arn:aws:iam::111111111111:user/alice" +
      Actions({"redshift:DescribeClusters", "redshift:DeleteCluster", "redshift:CreateCluster"}) +
      "&ResourceArns.member.1=*&ResourceArns.member.2=arn:aws:redshift:us-east-1:111111111111:"
      "cluster:c1";
  HttpResponse first = f.h.Iam(base + "&MaxItems=4");
  CHECK(Occurrences(first.body, "<EvalDecision>") == 4);
  CHECK(Field(first, "IsTruncated") == "true");
  std::string marker = Field(first, "Marker");
  REQUIRE(!marker.empty());
  HttpResponse rest = f.h.Iam(base + "&MaxItems=4&Marker=" + Encode(marker));
  CHECK(Decisions(rest.body) == std::vector<std::string>{"implicitDeny", "implicitDeny"});
  CHECK(Field(rest, "IsTruncated") == "false");
}

TEST_CASE("simulator: errors for unknown sources and bad input") {
  SimulatorFixture f;
  std::string action = Actions({"redshift:DescribeClusters"});
  CHECK(ErrorCode(f.h.Iam("Action=SimulatePrincipalPolicy&PolicySourceArn=arn:aws:iam::"
                          "111111111111:user/nobody" +
                          action)) == "NoSuchEntity");
  CHECK(ErrorCode(f.h.Iam("Action=SimulatePrincipalPolicy&PolicySourceArn=arn:aws:iam::"
                          "222222222222:user/alice" +
                          action)) == "NoSuchEntity");
  CHECK(ErrorCode(f.h.Iam("Action=SimulatePrincipalPolicy&PolicySourceArn=arn:aws:iam::"
                          "111111111111:user/other/alice" +
                          action)) == "NoSuchEntity");
  CHECK(ErrorCode(f.h.Iam("Action=SimulatePrincipalPolicy&PolicySourceArn=not-an-arn-at-all-xyz" +
                          action)) == "InvalidInput");
  CHECK(ErrorCode(f.h.Iam("Action=SimulatePrincipalPolicy&PolicySourceArn=arn:aws:iam::"
                          "111111111111:policy/modify" +
                          action)) == "InvalidInput");
  std::string alice =
      "Action=SimulatePrincipalPolicy&PolicySourceArn=arn:aws:iam::111111111111:user/alice";
  CHECK(ErrorCode(f.h.Iam(alice + Actions({"DescribeClusters"}))) == "InvalidInput");
  CHECK(ErrorCode(f.h.Iam(alice + action + "&ResourceArns.member.1=cluster1")) == "InvalidInput");
  CHECK(ErrorCode(f.h.Iam(alice + action +
                          "&ContextEntries.member.1.ContextKeyName=aws:MultiFactorAuthPresent"
                          "&ContextEntries.member.1.ContextKeyValues.member.1=yes"
                          "&ContextEntries.member.1.ContextKeyType=boolean")) == "InvalidInput");
  CHECK(ErrorCode(f.h.Iam(alice + action +
                          "&ContextEntries.member.1.ContextKeyName=aws:EpochTime"
                          "&ContextEntries.member.1.ContextKeyValues.member.1=1"
                          "&ContextEntries.member.1.ContextKeyValues.member.2=2"
                          "&ContextEntries.member.1.ContextKeyType=numeric")) == "InvalidInput");
  CHECK(ErrorCode(f.h.Iam(alice + action + "&PolicyInputList.member.1=" + Encode("{\"x\": }"))) ==
        "MalformedPolicyDocument");
}

TEST_CASE("simulator: SimulateCustomPolicy evaluates only the documents given") {
  SimulatorFixture f;
  std::string allow =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"redshift:*",)"
      R"("Resource":"*"}]})";
  std::string deny =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"redshift:Delete*",)"
      R"("Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}]})";
  std::string base = "Action=SimulateCustomPolicy&PolicyInputList.member.1=" + Encode(allow) +
                     "&PolicyInputList.member.2=" + Encode(deny) +
                     Actions({"redshift:DeleteCluster", "redshift:CreateCluster", "iam:GetUser"});
  // The root caller's blanket allow does not apply; MFA is not in a long-term key's context.
  HttpResponse out = f.h.Iam(base);
  REQUIRE(out.status == 200);
  CHECK(Decisions(out.body) == std::vector<std::string>{"allowed", "allowed", "implicitDeny"});
  CHECK(out.body.find("<member>aws:multifactorauthpresent</member>") != std::string::npos);
  HttpResponse no_mfa = f.h.Iam(base +
                                "&ContextEntries.member.1.ContextKeyName=aws:MultiFactorAuthPresent"
                                "&ContextEntries.member.1.ContextKeyValues.member.1=false"
                                "&ContextEntries.member.1.ContextKeyType=boolean");
  CHECK(Decisions(no_mfa.body) ==
        std::vector<std::string>{"explicitDeny", "allowed", "implicitDeny"});
  CHECK(no_mfa.body.find("<SourcePolicyId>PolicyInputList.2</SourcePolicyId>") !=
        std::string::npos);
  // CallerArn: the user's keys (aws:username) fill policy variables.
  HttpResponse caller =
      f.h.Iam("Action=SimulateCustomPolicy&PolicyInputList.member.1=" + Encode(kOwnName) +
              Actions({"iam:GetUser"}) +
              "&ResourceArns.member.1=arn:aws:iam::111111111111:user/alice"
              "&CallerArn=arn:aws:iam::111111111111:user/alice");
  CHECK(Decisions(caller.body) == std::vector<std::string>{"allowed"});
  CHECK(ErrorCode(f.h.Iam("Action=SimulateCustomPolicy&PolicyInputList.member.1=" +
                          Encode(kOwnName) + Actions({"iam:GetUser"}) +
                          "&CallerArn=arn:aws:iam::111111111111:role/reader")) == "InvalidInput");
  HttpResponse bad = f.h.Iam("Action=SimulateCustomPolicy&PolicyInputList.member.1=" +
                             Encode("{\n \"Version\": \"2012-10-17\"\n \"Statement\": []}") +
                             Actions({"iam:GetUser"}));
  CHECK(ErrorCode(bad) == "MalformedPolicyDocument");
  CHECK(bad.body.find("line 3") != std::string::npos);
}

TEST_CASE("simulator: a user's simulated decision is the gate's decision") {
  SimulatorFixture f;
  HttpResponse key = f.h.Iam("Action=CreateAccessKey&UserName=alice");
  testing::Credentials alice{Field(key, "AccessKeyId"), Field(key, "SecretAccessKey"), ""};
  HttpResponse simulated = f.h.Iam(
      "Action=SimulatePrincipalPolicy&PolicySourceArn=arn:aws:iam::111111111111:user/alice" +
      Actions({"redshift:DescribeClusters", "redshift:DeleteCluster"}));
  CHECK(Decisions(simulated.body) == std::vector<std::string>{"allowed", "explicitDeny"});
  CHECK(f.h.Call("redshift", "Action=DescribeClusters&Version=2012-12-01", alice).status == 200);
  HttpResponse denied =
      f.h.Call("redshift", "Action=DeleteCluster&Version=2012-12-01&ClusterIdentifier=c1", alice);
  CHECK(ErrorCode(denied) == "AccessDenied");
  CHECK(denied.body.find("explicit deny") != std::string::npos);
}

TEST_CASE("simulator: GetContextKeysForPrincipalPolicy and GetContextKeysForCustomPolicy") {
  SimulatorFixture f;
  HttpResponse user = f.h.Iam(
      "Action=GetContextKeysForPrincipalPolicy&PolicySourceArn=arn:aws:iam::111111111111:user/"
      "alice");
  REQUIRE(user.status == 200);
  CHECK(user.body.find("<ContextKeyNames><member>aws:ResourceTag/Environment</member>"
                       "</ContextKeyNames>") != std::string::npos);
  HttpResponse role = f.h.Iam(
      "Action=GetContextKeysForPrincipalPolicy&PolicySourceArn=arn:aws:iam::111111111111:role/"
      "reader&PolicyInputList.member.1=" +
      Encode(kTaggedModify));
  CHECK(Occurrences(role.body, "<member>") == 2);
  CHECK(role.body.find("<member>aws:username</member>") != std::string::npos);
  HttpResponse custom =
      f.h.Iam("Action=GetContextKeysForCustomPolicy&PolicyInputList.member.1=" + Encode(kOwnName) +
              "&PolicyInputList.member.2=" + Encode(kTaggedModify));
  CHECK(Occurrences(custom.body, "<member>") == 2);
  CHECK(ErrorCode(f.h.Iam("Action=GetContextKeysForCustomPolicy&PolicyInputList.member.1=" +
                          Encode("{]"))) == "MalformedPolicyDocument");
  CHECK(ErrorCode(f.h.Iam("Action=GetContextKeysForPrincipalPolicy&PolicySourceArn=arn:aws:iam::"
                          "111111111111:group/nobody")) == "NoSuchEntity");
}

}  // namespace rsemu::api
