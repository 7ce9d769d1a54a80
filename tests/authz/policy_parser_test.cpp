// Tests for ParsePolicy: the AST it builds and the MalformedPolicyDocument
// errors it reports (with JSON paths, line/column, and the §2.11 order).
#include "authz/policy_parser.h"

#include <doctest/doctest.h>

#include <string>

namespace rsemu::authz {
namespace {

// The seed's Example 1, verbatim (a comma is missing after "Resource", and a
// closing brace after the Condition).
constexpr char kSeedExample1[] =
    "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\n    "
    "\"Sid\":\"AllowModifyTestCluster\",\n    \"Effect\": \"Allow\",\n    \"Action\": "
    "\"redshift:ModifyCluster\",\n    \"Resource\": "
    "\"arn:aws:redshift:us-west-2:123456789012:cluster:*\"\n    "
    "\"Condition\":{\"StringEquals\":{\"redshift:ResourceTag/environment\":\"test\"}\n  }\n}    "
    "      ";

std::string ErrorOf(std::string_view json, PolicyKind kind = PolicyKind::kIdentity,
                    ParseOptions options = ParseOptions()) {
  Result<PolicyPtr> result = ParsePolicy(json, kind, options);
  if (result.ok()) return "ok";
  return result.status().error() + ": " + result.status().message();
}

std::string Identity(const std::string& statement_body) {
  return R"({"Version":"2012-10-17","Statement":[{)" + statement_body + "}]}";
}

}  // namespace

TEST_CASE("authz: parser builds the AST") {
  Result<PolicyPtr> result = ParsePolicy(R"({
    "Version": "2012-10-17", "Id": "doc",
    "Statement": [
      {"Sid": "A1", "Effect": "Allow", "Action": ["redshift:Describe*", "REDSHIFT:ModifyCluster"],
       "Resource": "arn:aws:redshift:us-east-1:111122223333:cluster:${aws:username}-*",
       "Condition": {"ForAnyValue:StringLikeIfExists": {"aws:TagKeys": ["env*", 5, true]},
                     "NumericLessThan": {"redshift:DurationSeconds": 900}}},
      {"Effect": "Deny", "NotAction": "redshift:Get*", "NotResource": ["arn:aws:redshift:*"]}
    ]})",
                                         PolicyKind::kIdentity);
  REQUIRE_MESSAGE(result.ok(), result.status().message());
  const PolicyDocument& doc = **result;
  CHECK(doc.version == "2012-10-17");
  CHECK(doc.id == "doc");
  REQUIRE(doc.statements.size() == 2);
  const Statement& s0 = doc.statements[0];
  CHECK(s0.sid == "A1");
  CHECK(s0.effect == Effect::kAllow);
  CHECK(s0.actions.size() == 2);
  CHECK(s0.action_patterns[1].prefix == "redshift");
  CHECK(s0.action_patterns[1].name == "modifycluster");
  CHECK(s0.resource_patterns[0].head[3] == "us-east-1");
  CHECK(s0.resource_patterns[0].resource.has_variables());
  REQUIRE(s0.conditions.size() == 2);
  const Condition& c0 = s0.conditions[0];
  CHECK(c0.op == "ForAnyValue:StringLikeIfExists");
  CHECK(c0.base_op == "StringLike");
  CHECK(c0.set == Condition::SetQualifier::kForAnyValue);
  CHECK(c0.if_exists);
  CHECK(c0.key_lower == "aws:tagkeys");
  CHECK(c0.values == std::vector<std::string>{"env*", "5", "true"});
  CHECK(s0.conditions[1].oper == ConditionOperator::kNumericLessThan);
  CHECK(s0.conditions[1].parsed_values[0].number == 900);
  const Statement& s1 = doc.statements[1];
  CHECK(s1.index == 1);
  CHECK(s1.effect == Effect::kDeny);
  CHECK(s1.not_action);
  CHECK(s1.not_resource);
  CHECK(s1.resource_patterns[0].head[4] == "*");  // padded short ARN
}

TEST_CASE("authz: the seed's broken JSON names line and column") {
  CHECK(ErrorOf(kSeedExample1) ==
        "MalformedPolicyDocument: Syntax errors in policy: missing ',' or '}' at line 8, "
        "column 5 (found '\"')");
  CHECK(ErrorOf("{\"Version\": \"2012-10-17\",\n \"Statement\": [}") ==
        "MalformedPolicyDocument: Syntax errors in policy: invalid value at line 2, column 16 "
        "(found '}')");
  CHECK(ErrorOf("") ==
        "MalformedPolicyDocument: Syntax errors in policy: the document is empty at line 1, "
        "column 1 (found the end of the document)");
  CHECK(ErrorOf("{} {}").find("unexpected text after the policy object at line 1, column 4") !=
        std::string::npos);
  CHECK(ErrorOf("[]") ==
        "MalformedPolicyDocument: Syntax errors in policy: the policy must be a JSON object");
}

TEST_CASE("authz: structural errors carry JSON paths") {
  CHECK(
      ErrorOf(
          R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"a:b","Resource":"*"},{"Effect":"allowed","Action":"a:b","Resource":"*"}]})") ==
      "MalformedPolicyDocument: Syntax errors in policy: /Statement/1/Effect: expected `Allow` "
      "or `Deny`, found `allowed`");
  CHECK(ErrorOf(R"({"Version":"2013-10-17","Statement":[]})") ==
        "MalformedPolicyDocument: Syntax errors in policy: /Version: expected `2012-10-17` or "
        "`2008-10-17`, found `2013-10-17`");
  CHECK(ErrorOf(R"({"Statement":{"Effect":"Allow","Action":"a:b","Resource":"*"},"Extra":1})") ==
        "MalformedPolicyDocument: Syntax errors in policy: /Extra: unknown top-level key `Extra`");
  CHECK(ErrorOf(R"({"Version":"2012-10-17"})").find("/Statement: missing `Statement`") !=
        std::string::npos);
  CHECK(ErrorOf(R"({"Version":"2012-10-17","Statement":[]})")
            .find("/Statement: expected at least one statement") != std::string::npos);
  CHECK(ErrorOf(R"({"Version":"2012-10-17","Statement":"x"})")
            .find("/Statement: expected an object or an array") != std::string::npos);
  CHECK(ErrorOf(Identity(R"("Effect":"Allow","Action":"a:b","NotAction":"a:c","Resource":"*")"))
            .find("/Statement/0: `Action` and `NotAction` cannot both be present") !=
        std::string::npos);
  CHECK(ErrorOf(Identity(R"("Effect":"Allow","Action":"a:b","Resource":"*","NotResource":"*")"))
            .find("`Resource` and `NotResource` cannot both be present") != std::string::npos);
  CHECK(ErrorOf(Identity(R"("Effect":"Allow","Action":[1],"Resource":"*")"))
            .find("/Statement/0/Action/0: expected a string") != std::string::npos);
  CHECK(ErrorOf(Identity(R"("Effect":"Allow","Action":"a:b","Resource":"*","Foo":1)"))
            .find("/Statement/0/Foo: unknown statement key `Foo`") != std::string::npos);
  CHECK(ErrorOf(Identity(R"("Effect":"Allow","Action":"a:b","Resource":"*","Sid":5)"))
            .find("/Statement/0/Sid: expected a string") != std::string::npos);
  CHECK(ErrorOf(Identity(R"("Effect":"Allow","Action":"a:b","Resource":"*","Effect":"Deny")"))
            .find("duplicate key at /Statement/0/Effect") != std::string::npos);
  CHECK(ErrorOf(Identity(R"("Action":"a:b","Resource":"*")"))
            .find("/Statement/0: missing `Effect`") != std::string::npos);
  // Characters outside TAB, LF, CR, U+0020..U+00FF.
  CHECK(ErrorOf("{\"Version\":\"2012-10-17\",\"Statement\":{\"Sid\":\"\xe2\x82\xac\"}}")
            .find("a character outside") != std::string::npos);
  CHECK(ErrorOf(Identity(
            "\"Effect\":\"Allow\",\"Action\":\"a:b\",\"Resource\":\"arn:aws:s3:::caf\xc3\xa9\"")) ==
        "ok");
}

TEST_CASE("authz: condition blocks are checked") {
  auto with_condition = [](const std::string& condition) {
    return Identity(R"("Effect":"Allow","Action":"a:b","Resource":"*","Condition":)" + condition);
  };
  CHECK(ErrorOf(with_condition("[]")).find("/Statement/0/Condition: expected an object") !=
        std::string::npos);
  CHECK(ErrorOf(with_condition(R"({"StringEquals":"x"})"))
            .find("/Statement/0/Condition/StringEquals: expected an object of condition keys") !=
        std::string::npos);
  CHECK(ErrorOf(with_condition(R"({"StringEqualz":{"aws:x":"y"}})"))
            .find("unknown condition operator `StringEqualz`") != std::string::npos);
  CHECK(ErrorOf(with_condition(R"({"StringEqualz":{}})")) == "ok");  // empty body: ignored
  CHECK(ErrorOf(with_condition("{}")) == "ok");
  CHECK(ErrorOf(with_condition(R"({"ForAnyValue::StringEquals":{"aws:x":"y"}})"))
            .find("unknown condition operator") != std::string::npos);
  CHECK(ErrorOf(with_condition(R"({"NullIfExists":{"aws:x":"true"}})"))
            .find("unknown condition operator") != std::string::npos);
  CHECK(ErrorOf(with_condition(R"({"stringequals":{"aws:x":"y"}})"))
            .find("unknown condition operator") != std::string::npos);
  CHECK(ErrorOf(with_condition(R"({"StringEquals":{"aws:x":{"a":1}}})"))
            .find("/Statement/0/Condition/StringEquals/aws:x: a condition value must be") !=
        std::string::npos);
  CHECK(ErrorOf(with_condition(R"({"StringEquals":{"aws:x":[["a"]]}})"))
            .find("/Statement/0/Condition/StringEquals/aws:x/0:") != std::string::npos);
  CHECK(ErrorOf(with_condition(R"({"StringEquals":{"aws:x":[]}})")) == "ok");
  CHECK(ErrorOf(with_condition(R"({"DateLessThan":{"aws:CurrentTime":"sdfdsf"}})")) ==
        "MalformedPolicyDocument: The policy failed legacy parsing (at "
        "/Statement/0/Condition/DateLessThan/aws:CurrentTime: `sdfdsf` is not an ISO 8601 date "
        "or epoch seconds)");
  CHECK(ErrorOf(with_condition(R"({"DateLessThan":{"aws:CurrentTime":"234-13"}})"))
            .find("legacy parsing") != std::string::npos);
  CHECK(ErrorOf(with_condition(R"({"StringEquals":{"nocolon":"x"}})"))
            .find("Actions/Conditions must be prefaced by a vendor") != std::string::npos);
}

TEST_CASE("authz: action and resource messages match AWS's") {
  auto statement = [](const std::string& action, const std::string& resource) {
    return Identity(R"("Effect":"Allow","Action":)" + action + R"(,"Resource":)" + resource);
  };
  CHECK(ErrorOf(statement(R"("redshift")", R"("*")")) ==
        "MalformedPolicyDocument: Actions/Conditions must be prefaced by a vendor, e.g., iam, "
        "sdb, ec2, etc. (at /Statement/0/Action)");
  CHECK(ErrorOf(statement(R"(["a:b",""])", R"("*")")) ==
        "MalformedPolicyDocument: Actions/Conditions must be prefaced by a vendor, e.g., iam, "
        "sdb, ec2, etc. (at /Statement/0/Action/1)");
  CHECK(ErrorOf(statement(R"("a:b:c")", R"("*")")).find("can contain only one colon") !=
        std::string::npos);
  CHECK(ErrorOf(statement(R"("red shift:x")", R"("*")")).find("Vendor red shift is not valid") !=
        std::string::npos);
  CHECK(ErrorOf(statement(R"("red*:x")", R"("*")")).find("Vendor red* is not valid") !=
        std::string::npos);
  CHECK(ErrorOf(statement(R"("unknownsvc:Anything")", R"("*")")) == "ok");
  CHECK(ErrorOf(statement("[]", R"("*")")) ==
        "MalformedPolicyDocument: Policy statement must contain actions. (at /Statement/0)");
  CHECK(ErrorOf(Identity(R"("Effect":"Allow","Resource":"*")"))
            .find("Policy statement must contain actions.") != std::string::npos);
  CHECK(ErrorOf(statement(R"("a:b")", R"("bucket/*")")) ==
        "MalformedPolicyDocument: Resource bucket/* must be in ARN format or \"*\". (at "
        "/Statement/0/Resource)");
  CHECK(ErrorOf(statement(R"("a:b")", R"("arn:aws2:s3:::b")")) ==
        "MalformedPolicyDocument: Partition \"aws2\" is not valid for resource "
        "\"arn:aws2:s3:::b\". (at /Statement/0/Resource)");
  CHECK(ErrorOf(statement(R"("a:b")", R"("arn:aws")"))
            .find("Resource vendor must be fully qualified and cannot contain regexes.") !=
        std::string::npos);
  CHECK(ErrorOf(statement(R"("a:b")", R"("arn:aws:s3::bucket")"))
            .find("The policy failed legacy parsing") != std::string::npos);
  CHECK(ErrorOf(statement(R"("a:b")", R"("arn:aws:iam:us-east-1:111122223333:user/x")")) ==
        "MalformedPolicyDocument: IAM resource arn:aws:iam:us-east-1:111122223333:user/x cannot "
        "contain region information. (at /Statement/0/Resource)");
  CHECK(ErrorOf(statement(R"("a:b")", R"("arn:aws:iam::111122223333:bogus/x")"))
            .find("IAM resource path must either be \"*\" or start with user/") !=
        std::string::npos);
  CHECK(ErrorOf(statement(R"("a:b")", R"("arn:aws:iam::111122223333:root")")) == "ok");
  CHECK(ErrorOf(statement(R"("a:b")", "[]")) ==
        "MalformedPolicyDocument: Policy statement must contain resources. (at /Statement/0)");
  CHECK(ErrorOf(Identity(R"("Effect":"Allow","Action":"a:b")"))
            .find("Policy statement must contain resources.") != std::string::npos);
  CHECK(ErrorOf(statement(R"("a:b")", R"("arn:aws:redshift:*:*:cluster:x")")) == "ok");
}

TEST_CASE("authz: validation order follows §2.11") {
  // Legacy Effect case (3) beats Sid duplicates (4), actions (5), resources (6..8).
  CHECK(ErrorOf(R"({"Version":"2012-10-17","Statement":[
      {"Sid":"A","Effect":"allow","Action":[],"Resource":"bucket"},
      {"Sid":"A","Effect":"Allow","Action":"x","Resource":"*"}]})")
            .find("The policy failed legacy parsing") == 25);
  // Sid uniqueness (4) beats missing actions (5).
  CHECK(ErrorOf(R"({"Version":"2012-10-17","Statement":[
      {"Sid":"A","Effect":"Allow","Action":[],"Resource":"*"},
      {"Sid":"A","Effect":"Allow","Action":"a:b","Resource":"*"}]})") ==
        "MalformedPolicyDocument: Statement IDs (SID) in a single policy must be unique. (at "
        "/Statement/1/Sid)");
  // Actions presence (5) beats resource format (6).
  CHECK(ErrorOf(Identity(R"("Effect":"Allow","Action":[],"Resource":"bucket")"))
            .find("must contain actions") != std::string::npos);
  // Resource format (6) beats action prefix (7).
  CHECK(ErrorOf(Identity(R"("Effect":"Allow","Action":"nocolon","Resource":"bucket")"))
            .find("must be in ARN format") != std::string::npos);
  // Action prefix (7) beats resource presence (8).
  CHECK(ErrorOf(Identity(R"("Effect":"Allow","Action":"nocolon")")).find("prefaced by a vendor") !=
        std::string::npos);
  // Syntax (1) beats everything.
  CHECK(ErrorOf(Identity(R"("Effect":"allow","Action":[],"Resource":"*","X":1)"))
            .find("Syntax errors in policy") != std::string::npos);
  CHECK(ErrorOf(Identity(R"("Sid":"has space","Effect":"Allow","Action":"a:b","Resource":"*")"))
            .find("Statement IDs (SID) must be alpha-numeric") != std::string::npos);
}

TEST_CASE("authz: version rules and variables") {
  std::string no_version = R"({"Statement":{"Effect":"Allow","Action":"a:b","Resource":"*"}})";
  CHECK(ErrorOf(no_version) == "ok");
  ParseOptions managed;
  managed.require_current_version = true;
  CHECK(ErrorOf(no_version, PolicyKind::kIdentity, managed) ==
        "MalformedPolicyDocument: Policy document must be version 2012-10-17 or greater. (at "
        "/Version)");
  CHECK(
      ErrorOf(
          R"({"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"a:b","Resource":"*"}})",
          PolicyKind::kIdentity, managed)
          .find("must be version 2012-10-17") != std::string::npos);
  Result<PolicyPtr> old = ParsePolicy(
      R"({"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"a:b","Resource":"arn:aws:s3:::${aws:username}"}})",
      PolicyKind::kIdentity);
  REQUIRE(old.ok());
  CHECK_FALSE((*old)->statements[0].resource_patterns[0].resource.has_variables());
}

TEST_CASE("authz: size limits count characters without white space") {
  CHECK(PolicySizeWithoutWhitespace("{ \"a\" :\n\t1 }") == 7);
  ParseOptions options;
  options.max_size = 30;
  options.size_quota_name = "ACLSizePerRole";
  std::string doc = R"({"Statement":{"Effect":"Allow","Action":"a:b","Resource":"*"}})";
  Result<PolicyPtr> result = ParsePolicy(doc, PolicyKind::kIdentity, options);
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().error() == "LimitExceeded");
  CHECK(result.status().message() == "Cannot exceed quota for ACLSizePerRole: 30");
  options.max_size = doc.size();
  CHECK(ParsePolicy(doc, PolicyKind::kIdentity, options).ok());
}

TEST_CASE("authz: trust policies require principals and allow only sts actions") {
  auto trust = [](const std::string& body) {
    return R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",)" + body + "}]}";
  };
  CHECK(ErrorOf(trust(R"("Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole")"),
                PolicyKind::kTrust) == "ok");
  CHECK(ErrorOf(trust(R"("Principal":"*","Action":"sts:AssumeRole")"), PolicyKind::kTrust) == "ok");
  CHECK(ErrorOf(
            trust(R"("Principal":{"Service":"redshift.amazonaws.com"},"Action":"sts:AssumeRole")"),
            PolicyKind::kTrust) == "ok");
  CHECK(
      ErrorOf(
          trust(
              R"("Principal":{"AWS":["arn:aws:iam::111122223333:user/alice","arn:aws:sts::111122223333:assumed-role/Ops/s1"]},"Action":"sts:AssumeRole")"),
          PolicyKind::kTrust) == "ok");
  CHECK(ErrorOf(trust(R"("Action":"sts:AssumeRole")"), PolicyKind::kTrust)
            .find("The passed in policy has a statement with no principals!") != std::string::npos);
  CHECK(ErrorOf(trust(R"("Principal":"*","Action":"sts:AssumeRole","Resource":"*")"),
                PolicyKind::kTrust) ==
        "MalformedPolicyDocument: Has prohibited field Resource. (at /Statement/0/Resource)");
  CHECK(ErrorOf(trust(R"("Principal":"*","Action":"redshift:CreateCluster")"), PolicyKind::kTrust)
            .find("Trust Policy statement actions can only be sts:AssumeRole") !=
        std::string::npos);
  CHECK(
      ErrorOf(
          trust(
              R"("Principal":{"AWS":"arn:aws:iam::111122223333:user/a*"},"Action":"sts:AssumeRole")"),
          PolicyKind::kTrust) ==
      "MalformedPolicyDocument: Invalid principal in policy: "
      "\"AWS\":\"arn:aws:iam::111122223333:user/a*\" (at /Statement/0/Principal/AWS)");
  CHECK(ErrorOf(trust(R"("Principal":{"AWS":[]},"Action":"sts:AssumeRole")"), PolicyKind::kTrust)
            .find("Syntax errors") != std::string::npos);
  CHECK(ErrorOf(trust(R"("Principal":"*","NotPrincipal":"*","Action":"sts:AssumeRole")"),
                PolicyKind::kTrust)
            .find("cannot both be present") != std::string::npos);
  // An identity policy must not name a principal.
  CHECK(ErrorOf(trust(R"("Principal":"*","Action":"a:b","Resource":"*")")) ==
        "MalformedPolicyDocument: Policy document should not specify a principal. (at "
        "/Statement/0/Principal)");
}

}  // namespace rsemu::authz
